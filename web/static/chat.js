// Starts the rasa-webchat widget with Dutch labels; settings come from the app.

// A random key for this browser, sent with every message, so that "verwijder mijn
// gegevens" also removes the earlier conversations held on this device.
function apparaatSleutel() {
  let sleutel = localStorage.getItem("kompas-apparaat");
  if (!/^[0-9a-f]{32}$/.test(sleutel || "")) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    sleutel = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    localStorage.setItem("kompas-apparaat", sleutel);
  }
  return sleutel;
}

// A QR code on the big screen opens "/?sessie=482913": the chat starts by joining
// that group session. The code is taken out of the address so a reload does not
// ask again (the conversation itself is kept).
function beginBericht(standaard) {
  const adres = new URL(window.location.href);
  const code = (adres.searchParams.get("sessie") || "").replace(/\D/g, "");
  if (!adres.searchParams.has("sessie")) return standaard;
  adres.searchParams.delete("sessie");
  window.history.replaceState(null, "", adres.pathname + adres.search);
  return code.length === 6 ? `/join_groepssessie{"sessiecode":"${code}"}` : standaard;
}

// No reply from the chat server within a while (it is down, or a proxy or the
// browser blocks the connection): say so instead of showing an empty chat.
const WACHTTIJD_MS = 10000;
function bewaakVerbinding() {
  const melding = document.getElementById("verbinding-fout");
  const heeftAntwoord = () => document.querySelector(".rw-response, .rw-message") !== null;
  setTimeout(() => { if (!heeftAntwoord()) melding.hidden = false; }, WACHTTIJD_MS);
  setInterval(() => { if (heeftAntwoord()) melding.hidden = true; }, 2000);
}

// The widget gives its send button, message list and pictures no name, and its
// answer buttons cannot be reached by keyboard. The names come from
// data/teksten.yml (chat) through the app.
function geefNamen(labels) {
  const bij = () => {
    const knop = document.querySelector(".rw-send");
    if (knop && !knop.getAttribute("aria-label")) knop.setAttribute("aria-label", labels.verstuur_knop);
    const lijst = document.querySelector(".rw-messages-container");
    if (lijst && !lijst.hasAttribute("tabindex")) {
      lijst.setAttribute("tabindex", "0");
      lijst.setAttribute("role", "log");
      lijst.setAttribute("aria-label", labels.berichten);
    }
    document.querySelectorAll(".rw-message img:not([alt])").forEach((img) => img.setAttribute("alt", labels.plaatje));
    // Its answer buttons are plain divs: make them buttons for the keyboard too.
    document.querySelectorAll("div.rw-reply:not([tabindex])").forEach((knop) => {
      knop.setAttribute("role", "button");
      knop.setAttribute("tabindex", "0");
      knop.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          knop.click();
        }
      });
    });
  };
  new MutationObserver(bij).observe(document.getElementById("webchat"), { childList: true, subtree: true });
  bij();
}

(async function () {
  bewaakVerbinding();
  const config = await (await fetch("/widget-config.json")).json();
  geefNamen(config.labels);
  WebChat.default(
    {
      socketUrl: config.socketUrl,
      socketPath: "/socket.io/",
      initPayload: beginBericht(config.initPayload),
      customData: { language: "nl", apparaat: apparaatSleutel() },
      title: "Kompas",
      subtitle: "Integriteit in de politiek",
      inputTextFieldHint: "Typ je bericht…",
      connectingText: "Even verbinden…",
      embedded: true,
      showFullScreenButton: false,
      showMessageDate: false,
      params: { storage: "session" },
    },
    document.getElementById("webchat")
  );
})();

// The presenter page of a group session: asks for the state every second and shows
// it; the buttons and keys (O, S, L, N, T, W, E) control the session. All words
// come from the page (#teksten), so this file holds no prose.
(function () {
  "use strict";

  const teksten = JSON.parse(document.getElementById("teksten").textContent);
  const basis = window.location.pathname.replace(/\/$/, "");
  const nakijken = new URLSearchParams(window.location.search).get("nakijken") === "1";
  const $ = (id) => document.getElementById(id);
  let laatste = "";
  let bezig = false;

  function vul(sjabloon, waarden) {
    return sjabloon.replace(/\{(\w+)\}/g, (_, naam) => String(waarden[naam] ?? ""));
  }

  function maak(tag, tekst, klasse) {
    const el = document.createElement(tag);
    if (tekst !== undefined) el.textContent = tekst;
    if (klasse) el.className = klasse;
    return el;
  }

  function alinea(doel, tekst) {
    doel.replaceChildren();
    if (tekst) doel.append(maak("p", tekst));
  }

  function toonStap(s) {
    const stap = s.stap;
    $("hoofd").dataset.stap = stap.sleutel;
    $("stap-titel").textContent = stap.titel;
    alinea($("stap-tekst"), stap.tekst);
    $("stap-vraag").hidden = !stap.vraag;
    $("stap-vraag").textContent = stap.vraag;
    const opties = $("stap-opties");
    opties.replaceChildren(...stap.opties.map((o) => {
      const li = maak("li");
      li.append(maak("span", o.letter, "letter"), document.createTextNode(" " + o.tekst));
      return li;
    }));
    opties.hidden = stap.opties.length === 0;
    $("regels").hidden = stap.regels.length === 0;
    $("regels-lijst").replaceChildren(...stap.regels.map((r) => {
      const li = maak("li", r.tekst + " ");
      li.append(maak("span", "(" + r.bron + ")", "bron"));
      return li;
    }));
  }

  function toonTellers(s) {
    const sjabloon = s.ronde !== null && s.ronde !== undefined ? teksten.tellers_ronde : teksten.tellers;
    $("tellers").textContent = vul(sjabloon, s);
  }

  function stemmenLijst(stemmen) {
    const totaal = Math.max(1, ...stemmen.map((v) => v.aantal));
    const lijst = maak("ul", undefined, "staafdiagram");
    for (const v of stemmen) {
      const li = maak("li");
      li.append(maak("span", v.letter + " · " + v.optie, "label"));
      const balk = maak("span", undefined, "balk");
      balk.style.width = Math.round((v.aantal / totaal) * 100) + "%";
      balk.setAttribute("aria-hidden", "true");
      li.append(balk, maak("span", v.aantal === 1 ? teksten.stem : vul(teksten.stemmen, v), "aantal"));
      lijst.append(li);
    }
    return lijst;
  }

  function spiegelTabel(spiegel) {
    const tabel = maak("table", undefined, "spiegel");
    const kop = maak("tr");
    teksten.spiegel_kop.forEach((t) => { const th = maak("th", t); th.scope = "col"; kop.append(th); });
    tabel.append(maak("thead"));
    tabel.tHead.append(kop);
    const romp = maak("tbody");
    for (const [blok, kleuren] of Object.entries(spiegel)) {
      const rij = maak("tr");
      const th = maak("th", blok);
      th.scope = "row";
      rij.append(th);
      for (const kleur of ["groen", "oranje", "rood"]) rij.append(maak("td", String(kleuren[kleur]), kleur));
      romp.append(rij);
    }
    tabel.append(romp);
    return tabel;
  }

  function toonUitslag(s) {
    const vak = $("uitslag");
    const inhoud = $("uitslag-inhoud");
    inhoud.replaceChildren();
    const u = s.uitslag;
    if (!u) { vak.hidden = true; return; }
    vak.hidden = false;
    if (!u.getoond) {
      inhoud.append(maak("p", u.reden === "ronde_open" ? teksten.ronde_open : vul(teksten.te_weinig, { aantal: u.aantal, minimum: s.minimum })));
      return;
    }
    if (u.stemmen) inhoud.append(stemmenLijst(u.stemmen));
    if (u.spiegel) inhoud.append(spiegelTabel(u.spiegel));
    if (u.teksten) {
      if (!u.vrijgegeven) inhoud.append(maak("p", vul(teksten.bijdragen_wachten, u)));
      else if (u.teksten.length === 0) inhoud.append(maak("p", teksten.geen_bijdragen));
      else inhoud.append(...u.teksten.map((t) => maak("blockquote", t.tekst, "bijdrage")));
    }
    if (s.stap.na_de_ronde) inhoud.append(maak("p", s.stap.na_de_ronde, "na-de-ronde"));
  }

  function toonKeuzes(s) {
    const plek = $("keuzes");
    plek.replaceChildren();
    if (s.ronde_open || !s.keuzes_na_ronde.length) return;
    s.keuzes_na_ronde.forEach((_, i) => {
      const letter = String.fromCharCode(65 + i);
      const knop = maak("button", vul(teksten.verder_met, { letter }));
      knop.type = "button";
      knop.addEventListener("click", () => bedien({ actie: "volgende", keuze: i }));
      plek.append(knop);
    });
  }

  function toonNakijken(s) {
    const vak = $("nakijken");
    vak.hidden = !nakijken || !s.bijdragen || s.bijdragen.length === 0;
    if (vak.hidden) return;
    $("nakijken-lijst").replaceChildren(...s.bijdragen.map((b) => {
      const li = maak("li", b.tekst + " ");
      if (b.verborgen) li.append(maak("em", teksten.verborgen));
      const knop = maak("button", b.verborgen ? teksten.toon : teksten.verberg);
      knop.type = "button";
      knop.addEventListener("click", () => bedien({ actie: b.verborgen ? "toon" : "verberg", id: b.id }));
      li.append(" ", knop);
      return li;
    }));
  }

  function toonKnoppen(s) {
    const aan = {
      open: s.stap.heeft_ronde && !s.ronde_open,
      sluit: s.ronde_open,
      vrijgeven: !!(s.uitslag && s.uitslag.teksten && !s.uitslag.vrijgegeven),
      volgende: s.stap.soort !== "einde",
      toelichting: s.stap.soort !== "zelftest" && s.stap.soort !== "einde" && s.stap.soort !== "toelichting",
      variant: s.variant_over,
      einde: true,
    };
    document.querySelectorAll("[data-actie]").forEach((knop) => { knop.hidden = !aan[knop.dataset.actie]; });
  }

  // Once a vote's result is on the screen, the chart (with the options' words) is
  // what the room should read: the scène's text and the option list step aside.
  function maakRuimte(s) {
    const grafiek = !!(s.uitslag && s.uitslag.getoond && s.uitslag.stemmen);
    $("stap-tekst").hidden = grafiek;
    if (grafiek) $("stap-opties").hidden = true;
  }

  function toon(s) {
    if (s.beeindigd) {
      document.querySelectorAll(".bediening, .sessiekop").forEach((el) => { el.hidden = true; });
      ["stap-vraag", "stap-opties", "regels", "uitslag", "nakijken"].forEach((id) => { $(id).hidden = true; });
      $("tellers").textContent = "";
      $("afgelopen").hidden = false;
      return false;
    }
    toonTellers(s);
    toonStap(s);
    toonUitslag(s);
    maakRuimte(s);
    toonKeuzes(s);
    toonNakijken(s);
    toonKnoppen(s);
    return true;
  }

  async function ververs() {
    try {
      const antwoord = await fetch(basis + "/stand.json" + (nakijken ? "?nakijken=1" : ""), { cache: "no-store" });
      if (antwoord.status === 404) { $("melding").textContent = teksten.fouten.onbekend; return false; }
      const tekst = await antwoord.text();
      if (tekst === laatste) return true; // nothing changed: leave the page (and focus) alone
      laatste = tekst;
      return toon(JSON.parse(tekst));
    } catch (e) {
      return true; // the network hiccuped; the next tick tries again
    }
  }

  async function bedien(verzoek) {
    if (bezig) return;
    bezig = true;
    $("melding").textContent = "";
    try {
      const antwoord = await fetch(basis + "/bediening", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(verzoek),
      });
      if (!antwoord.ok) {
        const fout = (await antwoord.json().catch(() => ({}))).fout;
        $("melding").textContent = teksten.fouten[fout] || teksten.fouten.anders;
      }
    } finally {
      bezig = false;
      await ververs();
    }
  }

  document.querySelectorAll("[data-actie]").forEach((knop) => {
    knop.addEventListener("click", () => bedien({ actie: knop.dataset.actie }));
  });

  const toetsen = { o: "open", s: "sluit", l: "vrijgeven", n: "volgende", t: "toelichting", w: "variant", e: "einde" };
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.target.closest("input, textarea")) return;
    const actie = e.key === "ArrowRight" ? "volgende" : toetsen[e.key.toLowerCase()];
    const knop = actie && document.querySelector(`[data-actie="${actie}"]`);
    if (knop && !knop.hidden) { e.preventDefault(); knop.click(); }
  });

  $("verwijder").addEventListener("click", async () => {
    if (!window.confirm(teksten.verwijder_zeker)) return;
    const antwoord = await fetch(basis + "/verwijder", { method: "POST" });
    if (antwoord.ok) {
      $("afgelopen").replaceChildren(maak("h2", teksten.verwijderd));
    }
  });

  async function lus() {
    const verder = await ververs();
    if (verder) window.setTimeout(lus, 1000);
  }
  lus();
})();

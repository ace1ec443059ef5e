// Starts the rasa-webchat widget with Dutch labels; settings come from the app.
(async function () {
  const config = await (await fetch("/widget-config.json")).json();
  WebChat.default(
    {
      socketUrl: config.socketUrl,
      socketPath: "/socket.io/",
      initPayload: config.initPayload,
      customData: { language: "nl" },
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

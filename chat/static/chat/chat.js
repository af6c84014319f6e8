// The chat room: one WebSocket; every message is shown with textContent, never as HTML.
(function () {
  "use strict";
  const root = document.getElementById("chat");
  if (!root) return;
  const log = document.getElementById("chat-log");
  const form = document.getElementById("chat-form");
  const input = document.getElementById("chat-input");
  const errorBox = document.getElementById("chat-error");
  const present = document.getElementById("chat-present");
  const statusBadge = document.getElementById("chat-status");
  const me = root.dataset.me;
  let socket = null;
  let retry = 500;

  function setStatus(state) {
    statusBadge.textContent = statusBadge.dataset[state];
    statusBadge.className = "badge " + (state === "online" ? "text-bg-success" : "text-bg-secondary");
    root.dataset.state = state;
  }

  function addMessage(message) {
    const row = document.createElement("div");
    row.className = "chat-message py-1" + (String(message.author_id) === me ? " chat-mine" : "");
    row.dataset.id = message.id;
    const time = document.createElement("small");
    time.className = "text-body-secondary me-2";
    time.textContent = new Date(message.time).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    const author = document.createElement("strong");
    author.className = "me-1";
    author.textContent = message.author + ":";
    const text = document.createElement("span");
    text.className = "chat-text";
    text.textContent = message.text;
    row.append(time, author, text);
    log.append(row);
    log.scrollTop = log.scrollHeight;
  }

  function notice(text) {
    const row = document.createElement("div");
    row.className = "fst-italic text-body-secondary py-1";
    row.textContent = text;
    log.append(row);
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const host = root.dataset.socketHost || location.host;
    socket = new WebSocket(scheme + host + root.dataset.socketPath);
    setStatus("connecting");
    socket.addEventListener("open", function () { retry = 500; setStatus("online"); });
    socket.addEventListener("close", function (event) {
      setStatus("offline");
      if (event.code === 4403 || event.code === 4401) return;  // not allowed: do not insist
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
    });
    socket.addEventListener("message", function (event) {
      const data = JSON.parse(event.data);
      if (data.type === "history") {
        log.replaceChildren();
        data.messages.forEach(addMessage);
      } else if (data.type === "message") {
        addMessage(data);
      } else if (data.type === "presence") {
        present.replaceChildren();
        data.names.forEach(function (name) {
          const item = document.createElement("li");
          item.textContent = name;
          present.append(item);
        });
      } else if (data.type === "cleared") {
        log.replaceChildren();
        notice(root.dataset.cleared);
      } else if (data.type === "error") {
        errorBox.textContent = data.error;
      }
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || !socket || socket.readyState !== WebSocket.OPEN) return;
    errorBox.textContent = "";
    socket.send(JSON.stringify({ type: "message", text: text }));
    input.value = "";
  });

  connect();
})();

// Runs before textual.js starts the terminal (both are deferred, in this order): the session's websocket is
// this page's own address, whatever name or proxy the counter reached it by (https gives wss).
(() => {
  const terminal = document.getElementById("terminal");
  const socket = new URL("ws", window.location.href);
  socket.protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
  socket.search = "";
  socket.hash = "";
  terminal.dataset.sessionWebsocketUrl = socket.href;
  // ?fontsize=20 for a larger terminal; kept within what a counter screen can show.
  const asked = parseInt(new URLSearchParams(window.location.search).get("fontsize") || "16", 10);
  terminal.dataset.fontSize = String(Number.isFinite(asked) ? Math.min(Math.max(asked, 10), 40) : 16);
  const startAgain = () => {
    const url = new URL(window.location.href);
    url.searchParams.delete("delay");
    url.searchParams.delete("ping");
    window.location.href = url.href;
  };
  document.getElementById("start").addEventListener("click", startAgain);
  document.getElementById("restart").addEventListener("click", startAgain);
})();

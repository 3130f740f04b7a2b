// The call page's only behaviour: a click (or Enter) on a turn, a piece of evidence or a
// timeline bar plays the call from there; the turn being heard is highlighted.
(function () {
  "use strict";
  const audio = document.getElementById("audio");
  if (!audio) return;

  function seek(start) {
    const at = parseFloat(start);
    if (Number.isNaN(at)) return;
    const go = () => {
      audio.currentTime = at;
      audio.play().catch(() => {});
    };
    if (audio.readyState >= 1) go();
    else audio.addEventListener("loadedmetadata", go, { once: true });
  }

  document.addEventListener("click", (event) => {
    const target = event.target.closest("[data-start]");
    if (!target || target.closest("form, details.override")) return;
    seek(target.dataset.start);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    const target = event.target.closest ? event.target.closest("[data-start][role=button]") : null;
    if (!target) return;
    event.preventDefault();
    seek(target.dataset.start);
  });

  const turns = Array.from(document.querySelectorAll(".turn[data-start]"));
  audio.addEventListener("timeupdate", () => {
    const now = audio.currentTime;
    for (const turn of turns) {
      const on = now >= parseFloat(turn.dataset.start) && now < parseFloat(turn.dataset.end);
      turn.classList.toggle("playing", on);
    }
  });
})();

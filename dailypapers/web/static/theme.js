// The colour theme: the system's, unless the header's toggle chose one, which this browser then remembers.
// Loaded in <head> without defer, so <html data-theme> is set before anything is drawn: no flash of the other theme.
(function () {
  "use strict";
  const KEY = "dailypapers-theme";
  const root = document.documentElement;
  const system = window.matchMedia("(prefers-color-scheme: dark)");
  let saved = null;
  try {
    saved = window.localStorage.getItem(KEY);
  } catch (error) {
    // Storage refused (a privacy setting): follow the system.
  }
  if (saved === "light" || saved === "dark") root.dataset.theme = saved;

  function shown() {
    return root.dataset.theme || (system.matches ? "dark" : "light");
  }

  document.addEventListener("DOMContentLoaded", function () {
    const button = document.querySelector("button.theme-toggle");
    if (!button) return;
    const update = function () {
      button.setAttribute("aria-pressed", String(shown() === "dark"));
    };
    button.hidden = false; // it needs this script, so pages without JavaScript never show it
    update();
    system.addEventListener("change", update);
    button.addEventListener("click", function () {
      const next = shown() === "dark" ? "light" : "dark";
      root.dataset.theme = next;
      try {
        window.localStorage.setItem(KEY, next);
      } catch (error) {
        // Not remembered; the page still changes.
      }
      update();
    });
  });
})();

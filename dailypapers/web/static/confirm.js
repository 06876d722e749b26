// A form with data-confirm="…" asks before it sends (deleting a comment, removing a paper from a list).
// Without JavaScript the form sends at once, as it always did.
(function () {
  "use strict";
  document.addEventListener(
    "submit",
    function (event) {
      const form = event.target.closest("form[data-confirm]");
      if (form && !window.confirm(form.dataset.confirm)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true,
  );
})();

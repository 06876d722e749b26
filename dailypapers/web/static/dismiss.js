// "Not interested" without a page reload: the card's form sent through the API, the card folded away behind an
// "Undo" that takes it back the same way. Without JavaScript (or when the API refuses) the form posts as usual.
(function () {
  "use strict";
  const token = document.querySelector('meta[name="csrf-token"]');
  if (!token) return;

  async function send(url, method) {
    const response = await fetch(url, {
      method: method,
      headers: { "X-CSRF-Token": token.content, Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(String(response.status));
  }

  function undoBar(card, form) {
    const bar = document.createElement("p");
    bar.className = "dismissed-note";
    bar.setAttribute("role", "status");
    bar.append("Hidden: you are not interested in this paper. ");
    const undo = document.createElement("button");
    undo.type = "button";
    undo.className = "link undo";
    undo.textContent = "Undo";
    undo.addEventListener("click", async function () {
      try {
        await send(form.dataset.apiUrl, "DELETE");
        bar.remove();
        card.hidden = false;
        form.querySelector("button").focus();
      } catch (error) {
        form.elements.action.value = "undo";
        form.submit();
      }
    });
    bar.append(undo);
    return bar;
  }

  document.addEventListener("submit", async function (event) {
    const form = event.target.closest("form.dismiss-form");
    if (!form || form.elements.action.value !== "dismiss" || form.dataset.sending) return;
    const card = form.closest("article.card");
    if (!card) return;
    event.preventDefault();
    form.dataset.sending = "1";
    try {
      await send(form.dataset.apiUrl, "PUT");
      const bar = undoBar(card, form);
      card.hidden = true;
      card.after(bar);
      bar.querySelector("button").focus();
    } catch (error) {
      form.submit(); // the server's own answer: a sign-in page, an error, or the dismissal done the slow way
    } finally {
      delete form.dataset.sending;
    }
  });
})();

// Upvote buttons without a page reload: the same form, sent through the API with the page's CSRF token.
// Without JavaScript (or when the API refuses), the form posts as usual and the page comes back.
(function () {
  "use strict";
  const token = document.querySelector('meta[name="csrf-token"]');
  if (!token) return;

  function shortCount(value) {
    if (value < 1000) return String(value);
    return (value / 1000).toFixed(1).replace(".0", "") + "k";
  }

  function show(arxivId, state) {
    document.querySelectorAll("form.vote-form").forEach(function (form) {
      if (form.dataset.arxivId !== arxivId) return;
      const button = form.querySelector("button");
      form.elements.vote.value = state.voted ? "down" : "up";
      button.classList.toggle("voted", state.voted);
      button.setAttribute("aria-pressed", String(state.voted));
      button.title = state.upvotes + " upvotes · " + (state.voted ? "take your upvote back" : "upvote");
      button.querySelector(".count").textContent = shortCount(state.upvotes);
      const word = state.upvotes === 1 ? " upvote" : " upvotes";
      button.setAttribute("aria-label", "Upvote, " + shortCount(state.upvotes) + word);
    });
  }

  document.addEventListener("submit", async function (event) {
    const form = event.target.closest("form.vote-form");
    if (!form || form.dataset.sending) return;
    event.preventDefault();
    form.dataset.sending = "1";
    const voting = form.elements.vote.value === "up";
    const url = form.dataset.apiUrl;
    try {
      const response = await fetch(url, {
        method: voting ? "PUT" : "DELETE",
        headers: { "X-CSRF-Token": token.content, Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(String(response.status));
      show(form.dataset.arxivId, await response.json());
      delete form.dataset.sending;
    } catch (error) {
      form.submit(); // the server's own answer: a sign-in page, an error, or the vote done the slow way
    }
  });
})();

// The Save control in a popover: a card's or paper page's "Save" link fetches the save page, shows its form beside
// the link, and sends the ticks through the same form endpoint. Without JavaScript (or when a fetch fails) the link
// opens the save page itself.
(function () {
  "use strict";
  let open = null;

  function close() {
    if (!open) return;
    open.popover.remove();
    open.link.setAttribute("aria-expanded", "false");
    open.link.focus();
    open = null;
  }

  async function show(link) {
    const response = await fetch(link.href, { credentials: "same-origin", headers: { Accept: "text/html" } });
    if (!response.ok) throw new Error(String(response.status));
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const form = page.querySelector("form.save-form");
    if (!form) throw new Error("no save form");
    const popover = document.createElement("div");
    popover.className = "save-popover";
    popover.setAttribute("role", "dialog");
    popover.setAttribute("aria-label", "Save to a collection");
    popover.appendChild(document.importNode(form, true));
    link.insertAdjacentElement("afterend", popover);
    link.setAttribute("aria-expanded", "true");
    open = { link: link, popover: popover };
    const first = popover.querySelector("input[type=checkbox], input[name=new_title]");
    if (first) first.focus();
  }

  async function send(form) {
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      redirect: "manual", // the form's answer is a redirect back to the page; there is no need to load it
    });
    if (response.status === 422) {
      // The new collection's name was refused: show the form again with the reason.
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const again = page.querySelector("form.save-form");
      if (again) form.replaceWith(document.importNode(again, true));
      return;
    }
    if (response.type !== "opaqueredirect" && !response.ok) throw new Error(String(response.status));
    const link = open.link;
    const saved = form.querySelectorAll("input[name=collection]:checked").length > 0 || form.elements.new_title.value.trim();
    close();
    link.classList.toggle("saved", Boolean(saved));
    link.textContent = saved ? "Saved" : "Save";
  }

  document.addEventListener("click", function (event) {
    const link = event.target.closest("a.save-link");
    if (link) {
      event.preventDefault();
      const same = open && open.link === link;
      close();
      if (!same) show(link).catch(function () { window.location.href = link.href; });
      return;
    }
    if (open && !open.popover.contains(event.target)) close();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") close();
  });

  document.addEventListener("submit", function (event) {
    const form = event.target.closest(".save-popover form.save-form");
    if (!form) return;
    event.preventDefault();
    send(form).catch(function () { form.submit(); });
  });
})();

// Course titles as the user types, offered through the input's <datalist>.
(() => {
  const input = document.querySelector("input[data-suggest-url]");
  if (!input || !window.fetch) return;
  const list = document.getElementById(input.getAttribute("list"));
  let timer = null;
  let last = "";
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const query = input.value.trim();
      if (query.length < 1 || query === last) return;
      last = query;
      try {
        const url = `${input.dataset.suggestUrl}?q=${encodeURIComponent(query)}`;
        const response = await fetch(url, { headers: { Accept: "application/json" } });
        if (!response.ok) return;
        const data = await response.json();
        list.replaceChildren(
          ...data.suggestions.map((title) => Object.assign(document.createElement("option"), { value: title })),
        );
      } catch (error) {
        // Suggestions are a convenience; the search still works without them.
      }
    }, 200);
  });
})();

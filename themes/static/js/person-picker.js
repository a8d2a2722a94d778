// The people picker (portal/_person_picker.html) as an ARIA 1.2 combobox: the search
// box asks portal:people_search as one types, the matches pop up in a listbox
// (arrow keys, Enter, Escape; aria-activedescendant), a live region tells how many
// were found, and the chosen people are chips with a remove button. Without this
// script the same form works as "search, then tick in the results".
(() => {
  if (!window.fetch) return;

  const format = (template, values) =>
    template.replace(/%\((\w+)\)s/g, (whole, key) => (key in values ? String(values[key]) : whole));

  const detailOf = (person) =>
    [person.agency, person.employee_number, person.national_id_masked].filter(Boolean).join(" · ");

  function setUp(root) {
    const name = root.dataset.name;
    const multiple = root.dataset.multiple === "true";
    const msg = root.dataset;
    const input = root.querySelector("[data-picker-input]");
    const chips = root.querySelector("[data-picker-chips]");
    const count = root.querySelector("[data-picker-count]");
    const results = root.querySelector("[data-picker-results]");
    if (!input || !chips) return;
    const prefix = input.id;

    // The no-JavaScript search: its button and its tick list give way to the combobox.
    root.querySelector("[data-picker-find]")?.remove();
    results?.replaceChildren();

    const live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    const listbox = document.createElement("ul");
    listbox.id = `${prefix}-listbox`;
    listbox.className = "picker-listbox";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", root.querySelector("legend")?.textContent.trim() || "");
    listbox.hidden = true;
    input.closest(".search-row").after(listbox, live);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    let options = [];
    let active = -1;
    let timer = null;
    let asked = 0;

    const say = (text) => {
      live.textContent = "";
      window.setTimeout(() => {
        live.textContent = text;
      }, 50);
    };
    const chosenIds = () => new Set([...chips.querySelectorAll("input")].map((box) => box.value));
    const updateCount = () => {
      if (count) count.textContent = String(chips.children.length);
      const empty = root.querySelector("[data-picker-empty]");
      if (empty) empty.hidden = chips.children.length > 0;
    };

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      const items = [...listbox.children];
      items.forEach((item, i) => {
        item.classList.toggle("is-active", i === index);
        item.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      input.setAttribute("aria-activedescendant", items[index].id);
      items[index].scrollIntoView({ block: "nearest" });
    }

    function addChip(person) {
      if (!multiple) chips.replaceChildren();
      const item = document.createElement("li");
      item.className = "chip";
      const label = document.createElement("span");
      label.className = "person-option";
      const strong = document.createElement("strong");
      strong.textContent = person.name;
      const detail = document.createElement("span");
      detail.className = "muted";
      detail.textContent = person.detail;
      label.append(strong, " ", detail);
      const hidden = Object.assign(document.createElement("input"), {
        type: "hidden",
        name,
        value: String(person.id),
      });
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "chip-remove";
      remove.setAttribute("aria-label", format(msg.msgRemove, { name: person.name }));
      remove.textContent = "×";
      remove.addEventListener("click", () => {
        item.remove();
        updateCount();
        say(format(msg.msgRemoved, { name: person.name }));
        input.focus();
      });
      item.append(label, hidden, remove);
      chips.append(item);
      updateCount();
    }

    // People chosen before (the page came back with them): the same chips.
    for (const item of [...chips.children]) {
      const box = item.querySelector("input");
      const person = {
        id: box.value,
        name: item.querySelector(".person-option strong")?.textContent.trim() || "",
        detail: item.querySelector(".person-option .muted")?.textContent.trim() || "",
      };
      item.remove();
      addChip(person);
    }

    function choose(index) {
      const person = options[index];
      if (!person) return;
      addChip(person);
      say(format(msg.msgAdded, { name: person.name }));
      input.value = "";
      options = [];
      close();
      input.focus();
    }

    function render(data) {
      const taken = chosenIds();
      options = data.results
        .filter((person) => !taken.has(String(person.id)))
        .map((person) => ({ id: person.id, name: person.name, detail: detailOf(person) }));
      listbox.replaceChildren(
        ...options.map((person, index) => {
          const item = document.createElement("li");
          item.id = `${prefix}-option-${person.id}`;
          item.setAttribute("role", "option");
          item.setAttribute("aria-selected", "false");
          const strong = document.createElement("strong");
          strong.textContent = person.name;
          const detail = document.createElement("span");
          detail.className = "muted";
          detail.textContent = person.detail;
          item.append(strong, " ", detail);
          item.addEventListener("click", () => choose(index));
          return item;
        }),
      );
      if (!options.length) {
        close();
        say(msg.msgNone);
        return;
      }
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(-1);
      say(
        data.more
          ? format(msg.msgMore, { count: options.length })
          : format(msg.msgCount, { count: options.length }),
      );
    }

    async function search() {
      const query = input.value.trim();
      const ticket = ++asked;
      if (!query) {
        options = [];
        close();
        return;
      }
      const url = new URL(root.dataset.searchUrl, window.location.href);
      url.searchParams.set("q", query);
      try {
        const response = await fetch(url, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (!response.ok) throw new Error(String(response.status));
        const data = await response.json();
        if (ticket === asked) render(data);
      } catch (error) {
        if (ticket === asked) {
          close();
          say(msg.msgError);
        }
      }
    }

    input.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 200);
    });
    input.addEventListener("keydown", (event) => {
      const open = !listbox.hidden;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!open && options.length) {
            listbox.hidden = false;
            input.setAttribute("aria-expanded", "true");
          }
          if (options.length) highlight((active + 1) % options.length);
          break;
        case "ArrowUp":
          event.preventDefault();
          if (open && options.length) highlight(active <= 0 ? options.length - 1 : active - 1);
          break;
        case "Enter":
          // Never sends the form from the search box: Enter picks, or searches now.
          event.preventDefault();
          if (open && active >= 0) choose(active);
          else {
            window.clearTimeout(timer);
            search();
          }
          break;
        case "Escape":
          if (open) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });
    input.addEventListener("blur", close);
    // A click on an option must not blur the box before it counts.
    listbox.addEventListener("mousedown", (event) => event.preventDefault());
    updateCount();
  }

  document.querySelectorAll("[data-person-picker]").forEach(setUp);
})();

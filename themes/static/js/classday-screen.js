// The organizer's class-day screen: a QR code that rotates before it expires,
// and arrivals that appear as trainees check in (polling, no page reload).
// The projector view uses it too: the same code, and the count without the table.
(function () {
  const root = document.querySelector("[data-classday]");
  if (!root) return;
  const qr = root.querySelector("[data-qr]");
  const kind = root.querySelector("[data-qr-kind]");
  let qrTimer;

  // The projector scales the code to the screen: a viewBox instead of a fixed size.
  function fill(svg) {
    if (!svg || !svg.getAttribute("width")) return;
    svg.setAttribute("viewBox", `0 0 ${svg.getAttribute("width")} ${svg.getAttribute("height")}`);
    svg.removeAttribute("width");
    svg.removeAttribute("height");
  }

  async function refreshQr() {
    clearTimeout(qrTimer);
    let delay = 10;
    try {
      const url = `${root.dataset.qrUrl}?kind=${kind ? kind.value : "in"}`;
      const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
      if (response.ok) {
        const data = await response.json();
        qr.innerHTML = data.svg;
        if ("qrFill" in root.dataset) fill(qr.querySelector("svg"));
        delay = data.refresh_in;
      }
    } finally {
      qrTimer = setTimeout(refreshQr, delay * 1000);
    }
  }

  function cell(text) {
    const td = document.createElement("td");
    td.textContent = text === null || text === undefined || text === "" ? "—" : text;
    return td;
  }

  async function refreshArrivals() {
    try {
      const response = await fetch(root.dataset.arrivalsUrl, {
        credentials: "same-origin",
        cache: "no-store",
      });
      if (!response.ok) return;
      const data = await response.json();
      root.querySelector("[data-checked-in]").textContent = data.checked_in;
      const body = root.querySelector("[data-arrivals]");
      if (!body) return;
      const rows = data.rows.map((row) => {
        const tr = document.createElement("tr");
        for (const value of [row.seat, row.name, row.agency, row.checked_in_at, row.checked_out_at, row.method]) {
          tr.appendChild(cell(value));
        }
        return tr;
      });
      body.replaceChildren(...rows);
    } catch (error) {
      // A missed poll is retried on the next tick.
    }
  }

  if (qr) {
    refreshQr();
    if (kind) kind.addEventListener("change", refreshQr);
  }
  setInterval(refreshArrivals, 3000);
})();

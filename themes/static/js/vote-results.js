// Live vote results: poll the counts every two seconds, no page reload.
(function () {
  const section = document.querySelector("[data-vote-results]");
  if (!section) return;
  const url = section.dataset.voteResults;
  async function refresh() {
    try {
      const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) return;
      const data = await response.json();
      section.querySelector("[data-total]").textContent = data.total;
      for (const option of data.options) {
        const row = section.querySelector(`[data-option="${option.id}"]`);
        if (!row) continue;
        row.querySelector("[data-count]").textContent = option.votes;
        const meter = row.querySelector("meter");
        meter.max = Math.max(data.total, 1);
        meter.value = option.votes;
      }
    } catch (error) {
      // Offline for a moment: try again on the next tick.
    }
  }
  setInterval(refresh, 2000);
})();

// Bürgerservice: suggestions for the place field while typing. Only an addition: without
// JavaScript the page shows a choice list when several places match (src/buergerservice).
(() => {
  const feld = document.getElementById('ort');
  const liste = document.getElementById('ort-vorschlaege');
  if (!feld || !liste || !window.fetch) return;
  let timer;
  let zuletzt = '';
  feld.addEventListener('input', () => {
    clearTimeout(timer);
    const q = feld.value.trim();
    // A chosen suggestion ("Amberg (Landkreis Unterallgäu)") needs no new suggestions.
    if (q.length < 2 || q === zuletzt || q.includes('(')) return;
    timer = setTimeout(async () => {
      zuletzt = q;
      try {
        const res = await fetch(`/api/v1/orte?q=${encodeURIComponent(q)}`, { headers: { accept: 'application/json' } });
        if (!res.ok) return;
        const { items } = await res.json();
        liste.replaceChildren(
          ...items.map((o) => {
            const option = document.createElement('option');
            option.value = o.zusatz ? `${o.anzeigename} (${o.zusatz})` : o.anzeigename;
            return option;
          }),
        );
      } catch {
        // Suggestions are optional; the search works without them.
      }
    }, 250);
  });
})();

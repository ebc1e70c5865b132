/** German texts of the Prädikat notifications: plain, friendly, with the next step and a link. */

const gruss = '\n\nMit freundlichen Grüßen\nIhr Team „Digitales Amt“\nBayerisches Staatsministerium für Digitales\n\nDiese Nachricht wurde automatisch erstellt.';

export const praedikatTexte = {
  eingegangen: (name: string, antragId: string, base: string) => ({
    betreff: `Antrag auf das Prädikat „Digitales Amt“ eingegangen – ${name}`,
    text: `Guten Tag,\n\nIhr Antrag auf das Prädikat „Digitales Amt“ für ${name} ist eingegangen (Vorgang ${antragId}).\n\nDas Staatsministerium für Digitales prüft ihn im Vier-Augen-Prinzip. Den Stand sehen Sie jederzeit unter ${base}/verwaltung/praedikat/antraege/${antragId}.${gruss}`,
  }),
  zurueckgegeben: (name: string, kommentar: string, base: string, ars: string) => ({
    betreff: `Ihr Antrag auf das Prädikat „Digitales Amt“ braucht eine Überarbeitung – ${name}`,
    text: `Guten Tag,\n\ndie Prüfung hat Ihren Antrag für ${name} zur Überarbeitung zurückgegeben:\n\n${kommentar}\n\nBitte überarbeiten Sie den Antrag und reichen Sie ihn erneut ein: ${base}/verwaltung/behoerden/${ars}/praedikat${gruss}`,
  }),
  abgelehnt: (name: string, kommentar: string) => ({
    betreff: `Ihr Antrag auf das Prädikat „Digitales Amt“ – ${name}`,
    text: `Guten Tag,\n\nleider können wir ${name} das Prädikat „Digitales Amt“ derzeit nicht verleihen. Die Begründung:\n\n${kommentar}\n\nSobald die Voraussetzungen erfüllt sind, können Sie einen neuen Antrag stellen.${gruss}`,
  }),
  verliehen: (name: string, nr: string, base: string, schild: boolean) => ({
    betreff: `Herzlichen Glückwunsch: ${name} ist „Digitales Amt“`,
    text: `Guten Tag,\n\n${name} erhält das Prädikat „Digitales Amt“ (Zertifikat ${nr}). Sie stehen ab sofort auf der öffentlichen Liste.\n\nDas Online-Signet für Ihre Website und den Nachweis finden Sie unter ${base}/pruefen/${nr}.${schild ? '\nIhr Schild ist bestellt; wir melden uns, sobald es geliefert wird.' : ''}\n\nBitte halten Sie Ihre Online-Verfahren aktuell: Liegt die Zahl der verlinkten Online-Verfahren dauerhaft unter der Schwelle, wird das Prädikat nach einer Karenzzeit ausgesetzt.${gruss}`,
  }),
  unterschritten: (name: string, nr: string, anzahl: number, schwelle: number, karenzBis: string, base: string, ars: string) => ({
    betreff: `Prädikat „Digitales Amt“: ${name} liegt unter der Schwelle`,
    text: `Guten Tag,\n\n${name} verlinkt derzeit ${anzahl} zählende Online-Verfahren; für das Prädikat „Digitales Amt“ (Zertifikat ${nr}) sind ${schwelle} nötig.\n\nDas Prädikat bleibt bis einschließlich ${karenzBis} gültig. Liegt die Zahl dann noch unter der Schwelle, wird es ausgesetzt.\n\nWelche Verfahren Sie heute verlinken können, sehen Sie hier: ${base}/behoerden/${ars}#chancen${gruss}`,
  }),
  ausgesetzt: (name: string, nr: string, anzahl: number, schwelle: number, base: string, ars: string) => ({
    betreff: `Prädikat „Digitales Amt“ für ${name} ausgesetzt`,
    text: `Guten Tag,\n\ndie Karenzzeit ist abgelaufen und ${name} verlinkt weiterhin nur ${anzahl} von ${schwelle} nötigen zählenden Online-Verfahren. Das Prädikat ${nr} ist deshalb ausgesetzt; das Signet zeigt das an.\n\nSobald die Schwelle wieder erreicht ist, gilt es automatisch wieder: ${base}/behoerden/${ars}#chancen${gruss}`,
  }),
  wiederhergestellt: (name: string, nr: string, base: string) => ({
    betreff: `Prädikat „Digitales Amt“ für ${name} gilt wieder`,
    text: `Guten Tag,\n\n${name} erreicht die Schwelle wieder. Das Prädikat ${nr} ist wieder gültig; das Signet zeigt es an: ${base}/pruefen/${nr}${gruss}`,
  }),
  erholt: (name: string, nr: string) => ({
    betreff: `Prädikat „Digitales Amt“: ${name} erreicht die Schwelle wieder`,
    text: `Guten Tag,\n\n${name} erreicht die Schwelle wieder. Die Karenzzeit für das Prädikat ${nr} ist beendet; es bleibt gültig.${gruss}`,
  }),
  manuellAusgesetzt: (name: string, nr: string, grund: string) => ({
    betreff: `Prädikat „Digitales Amt“ für ${name} ausgesetzt`,
    text: `Guten Tag,\n\ndas Staatsministerium für Digitales hat das Prädikat ${nr} für ${name} ausgesetzt. Der Grund:\n\n${grund}${gruss}`,
  }),
  widerrufen: (name: string, nr: string, grund: string, neuerAntragAb: string) => ({
    betreff: `Prädikat „Digitales Amt“ für ${name} widerrufen`,
    text: `Guten Tag,\n\ndas Staatsministerium für Digitales hat das Prädikat ${nr} für ${name} nach Prüfung durch zwei Personen widerrufen. Der Widerruf ist endgültig. Der Grund:\n\n${grund}\n\nBitte entfernen Sie das Signet von Ihrer Website. Schild-Druckdatei und Urkunde stehen nicht mehr zur Verfügung; eine noch nicht gelieferte Schild-Bestellung ist storniert. Ein neuer Antrag ist ab dem ${neuerAntragAb} möglich, wenn die Voraussetzungen dann erfüllt sind.${gruss}`,
  }),
  /** To the print shop: a new sign order. */
  schildBestellt: (name: string, nr: string, bestellung: string, format: string, lieferadresse: string, base: string) => ({
    betreff: `Schild-Bestellung ${nr} (${format}) – ${name}`,
    text: `Guten Tag,\n\nbitte fertigen Sie ein Schild „Digitales Amt“ im Format ${format} für ${name} (Zertifikat ${nr}, Bestellung ${bestellung}).\n\nDruckdatei: ${base}/praedikat/${nr}/schild.pdf?format=${format}\nLieferadresse:\n${lieferadresse}${gruss}`,
  }),
  /** To the print shop: the award was revoked, the order is cancelled. */
  schildStorniert: (name: string, nr: string, bestellung: string, format: string, stand: string) => ({
    betreff: `STORNO: Schild-Bestellung ${nr} (${format}) – ${name}`,
    text: `Guten Tag,\n\ndas Prädikat ${nr} für ${name} ist widerrufen. Die Schild-Bestellung ${bestellung} (Format ${format}, bisheriger Stand: ${stand}) ist storniert: Bitte fertigen und liefern Sie das Schild nicht. Die Druckdatei ist nicht mehr abrufbar.${gruss}`,
  }),
};

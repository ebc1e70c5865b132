/**
 * The data dictionary of the open data files: every column with its type and meaning, German
 * first. The page /opendata/datenlexikon renders it, docs/opendata.md repeats it, and a test checks
 * that every file's header is exactly the documented column list — column names are a promise.
 */
import { STAENDE } from '../shared/stand';

export interface Spalte {
  name: string;
  typ: 'Text' | 'Ganzzahl' | 'Dezimalzahl' | 'Datum' | 'Wahrheitswert' | 'URL' | 'Liste';
  de: string;
  en: string;
}

export interface Datei {
  pfad: string;
  format: 'CSV' | 'JSON' | 'GeoJSON' | 'Atom';
  de: string;
  en: string;
  spalten?: Spalte[];
}

const BEHOERDE_SPALTEN: Spalte[] = [
  { name: 'ars', typ: 'Text', de: 'Regionalschlüssel des Gebiets der Behörde: 12 Ziffern (Gemeinde), 9 (Verwaltungsgemeinschaft), 5 (Landkreis), 3 (Bezirk). Schlüssel der Zeile.', en: 'Regional key of the authority’s territory: 12 digits (municipality), 9 (administrative association), 5 (district), 3 (Bezirk). Row key.' },
  {
    name: 'name',
    typ: 'Text',
    de: 'Amtlicher Name, wie ihn das Gemeindeverzeichnis (GV100AD) schreibt: bei Gemeinden mit Zusätzen wie „, St“ (Stadt), „, M“ (Markt), „, GKSt“ (Große Kreisstadt), bei Verwaltungsgemeinschaften mit „(VGem)“, bei Landkreisen und Bezirken ohne „Landkreis“/„Bezirk“ („Unterallgäu“, „Schwaben“). Lesbarer Name: anzeigename.',
    en: 'Official name as the register of municipalities (GV100AD) writes it: municipalities with suffixes such as “, St” (town), “, M” (market town), “, GKSt”, administrative associations with “(VGem)”, districts and Bezirke without “Landkreis”/“Bezirk”. Readable name: anzeigename.',
  },
  { name: 'kurzname', typ: 'Text', de: 'Name ohne amtliche Zusätze.', en: 'Name without official suffixes.' },
  { name: 'typ', typ: 'Text', de: 'gemeinde, markt, stadt, grosse_kreisstadt, kreisfreie_stadt, vg, landkreis, bezirk', en: 'Type code (see German column).' },
  { name: 'typ_bezeichnung', typ: 'Text', de: 'Art der Behörde in Worten.', en: 'Type in words (German).' },
  {
    name: 'regierungsbezirk_ars',
    typ: 'Text',
    de: 'Schlüssel des Regierungsbezirks (in Bayern 091–097); in Ländern ohne Regierungsbezirke Landesschlüssel und 0 (z. B. 010).',
    en: 'Key of the administrative region (091–097 in Bavaria); in states without regions the state key and 0 (e.g. 010).',
  },
  { name: 'regierungsbezirk', typ: 'Text', de: 'Name des Regierungsbezirks; in Ländern ohne Regierungsbezirke der Name des Landes.', en: 'Name of the administrative region; in states without regions the name of the state.' },
  { name: 'kreis_ars', typ: 'Text', de: 'Schlüssel des Landkreises oder der kreisfreien Stadt (5 Ziffern); leer bei Bezirken.', en: 'Key of the district or district-free city (5 digits); empty for Bezirke.' },
  { name: 'kreis', typ: 'Text', de: 'Amtlicher Name des Landkreises oder der kreisfreien Stadt (beide heißen oft gleich, z. B. „Ansbach“; siehe kreis_anzeigename).', en: 'Official name of the district or city (both often share it, e.g. “Ansbach”; see kreis_anzeigename).' },
  { name: 'plz', typ: 'Text', de: 'Postleitzahl des Verwaltungssitzes (wenn bekannt).', en: 'Postcode of the seat (if known).' },
  { name: 'einwohner', typ: 'Ganzzahl', de: 'Einwohnerzahl (Destatis, Stand des Gemeindeverzeichnisses).', en: 'Population (Destatis).' },
  { name: 'online_verfahren', typ: 'Ganzzahl', de: 'Zahl der verlinkten, zählenden Online-Verfahren (verschieden, mit elektronischer Einreichung, in Betrieb, erreichbar).', en: 'Number of linked counting online procedures (distinct, electronic submission, in operation, reachable).' },
  { name: 'schwelle', typ: 'Ganzzahl', de: 'Schwelle für das Prädikat: 50, für Bezirke 30.', en: 'Threshold for the label: 50, Bezirke 30.' },
  { name: 'fehlend', typ: 'Ganzzahl', de: 'Wie viele zählende Online-Verfahren bis zur Schwelle fehlen (0, wenn erreicht).', en: 'How many are missing to the threshold (0 when reached).' },
  { name: 'status', typ: 'Text', de: `Stand auf dem Weg zum Prädikat: ${STAENDE.join(', ')}. Das aktuelle Prädikat entscheidet zuerst, dann die Zahl; „nah_dran“ heißt: höchstens 10 fehlen.`, en: `Stand: ${STAENDE.join(', ')}. The current award decides first, then the count; “nah_dran”: at most 10 missing.` },
  { name: 'zertifikat_nr', typ: 'Text', de: 'Nummer des aktuellen Prädikats (DA-JJJJ-NNNN), sonst leer.', en: 'Number of the current award (DA-YYYY-NNNN), else empty.' },
  { name: 'verliehen_am', typ: 'Datum', de: 'Datum der Verleihung des aktuellen Prädikats (JJJJ-MM-TT).', en: 'Date of the current award (YYYY-MM-DD).' },
  { name: 'praedikat_status', typ: 'Text', de: 'Status des aktuellen Prädikats: gueltig, ausgesetzt, widerrufen; leer ohne Prädikat.', en: 'Status of the current award: gueltig (valid), ausgesetzt (suspended), widerrufen (revoked).' },
  { name: 'mitgliedsgemeinden_ars', typ: 'Liste', de: 'Bei Verwaltungsgemeinschaften: ARS der Mitgliedsgemeinden, durch Leerzeichen getrennt (JSON: Liste). Das Prädikat einer VG gilt für jede Mitgliedsgemeinde.', en: 'Administrative associations: ARS of the member municipalities, space-separated (JSON: array).' },
  {
    name: 'lat',
    typ: 'Dezimalzahl',
    de: 'Geografische Breite des Verwaltungssitzes (WGS84, 5 Nachkommastellen): der Mittelpunkt der Sitzgemeinde laut GV-ISys – bei einer Gemeinde ihr eigener, bei Verwaltungsgemeinschaft, Landkreis und Bezirk der der Gemeinde, in der die Verwaltung sitzt. Leer, wenn der Sitz keiner Gemeinde zugeordnet werden kann. Mittelpunkt des Gebiets: schwerpunkt_lat.',
    en: 'Latitude of the seat (WGS84): the centre of the seat’s municipality (GV-ISys) – for a municipality its own, for an association, district or Bezirk that of the municipality where the administration sits. Empty when the seat cannot be matched. Centre of the area: schwerpunkt_lat.',
  },
  { name: 'lon', typ: 'Dezimalzahl', de: 'Geografische Länge des Verwaltungssitzes (WGS84), wie lat.', en: 'Longitude of the seat (WGS84), as lat.' },
  { name: 'demodaten', typ: 'Wahrheitswert', de: 'true, wenn Zahl oder Prädikat simuliert sind (Demodaten).', en: 'true when count or award are simulated (demo data).' },
  { name: 'url', typ: 'URL', de: 'Seite der Behörde im Portal (absolute Adresse aus PUBLIC_BASE_URL).', en: 'The authority’s page in the portal (absolute, from PUBLIC_BASE_URL).' },
  {
    name: 'anzeigename',
    typ: 'Text',
    de: 'Name, wie Bürgerinnen und Bürger ihn lesen: Zusätze ausgeschrieben und vorangestellt („Markt Simbach“, „Stadt Weilheim i.OB“, „Große Kreisstadt Dachau“, „Stadt Amberg“ für die kreisfreie Stadt), „Verwaltungsgemeinschaft Türkheim“, „Landkreis Ansbach“, „Bezirk Schwaben“.',
    en: 'Name as citizens read it: suffixes written out in front (“Markt Simbach”, “Stadt Weilheim i.OB”, “Stadt Amberg” for the district-free city), “Verwaltungsgemeinschaft Türkheim”, “Landkreis Ansbach”, “Bezirk Schwaben”.',
  },
  { name: 'kreis_anzeigename', typ: 'Text', de: 'Lesbarer Name des Kreises: „Landkreis Ansbach“ oder „Stadt Ansbach“.', en: 'Readable name of the district: “Landkreis Ansbach” or “Stadt Ansbach”.' },
  {
    name: 'schwerpunkt_lat',
    typ: 'Dezimalzahl',
    de: 'Geografische Breite des einwohnergewichteten Mittelpunkts der Gemeinden, für die die Behörde zuständig ist (bei einer Gemeinde: ihr eigener Mittelpunkt). Kein Gebäude, kein Sitz.',
    en: 'Latitude of the population-weighted centre of the municipalities the authority serves (a municipality: its own centre). Not a building, not the seat.',
  },
  { name: 'schwerpunkt_lon', typ: 'Dezimalzahl', de: 'Geografische Länge dieses Mittelpunkts.', en: 'Longitude of that centre.' },
];

const ABDECKUNG_SPALTEN: Spalte[] = [
  { name: 'ars', typ: 'Text', de: 'Schlüssel des Gebiets (Regierungsbezirk 3, Kreis 5 Ziffern, Land 2).', en: 'Key of the area.' },
  { name: 'name', typ: 'Text', de: 'Amtlicher Name des Gebiets (Gemeindeverzeichnis; Kreis und kreisfreie Stadt heißen oft gleich).', en: 'Official name of the area.' },
  { name: 'behoerden', typ: 'Ganzzahl', de: 'Behörden im Gebiet (beim Kreis: der Landkreis selbst und alle Behörden darin; die kreisfreie Stadt).', en: 'Authorities in the area.' },
  { name: 'digitale_aemter', typ: 'Ganzzahl', de: 'Davon mit gültigem Prädikat „Digitales Amt“.', en: 'Of them holding a valid label.' },
  { name: 'anteil_behoerden_prozent', typ: 'Dezimalzahl', de: 'Anteil der Digitalen Ämter an den Behörden in Prozent (eine Nachkommastelle).', en: 'Share of authorities holding the label, percent.' },
  { name: 'einwohner', typ: 'Ganzzahl', de: 'Einwohner des Gebiets (Destatis).', en: 'Population.' },
  {
    name: 'einwohner_digitales_amt',
    typ: 'Ganzzahl',
    de: 'Einwohner der Gemeinden, deren Behörde der Gemeindeebene (Gemeinde, Markt, Stadt oder Verwaltungsgemeinschaft) ein Digitales Amt ist.',
    en: 'Population of the municipalities whose municipal-level authority holds the label.',
  },
  { name: 'anteil_einwohner_prozent', typ: 'Dezimalzahl', de: 'Anteil dieser Einwohner in Prozent.', en: 'Their share, percent.' },
  { name: 'anzeigename', typ: 'Text', de: 'Lesbarer Name: „Landkreis Ansbach“, „Stadt Ansbach“, „Oberbayern“.', en: 'Readable name: “Landkreis Ansbach”, “Stadt Ansbach”.' },
];

/** The files of the statistics page (/statistik): the numbers of each chart. */
const STATISTIK_DATEIEN: Datei[] = [
  {
    pfad: '/statistik/verleihungen.csv',
    format: 'CSV',
    de: 'Verleihungen je Monat, vom ersten Prädikat bis heute.',
    en: 'Awards per month, from the first award until today.',
    spalten: [
      { name: 'monat', typ: 'Text', de: 'Monat (JJJJ-MM). Schlüssel der Zeile.', en: 'Month (YYYY-MM). Row key.' },
      { name: 'neu', typ: 'Ganzzahl', de: 'Verleihungen in diesem Monat.', en: 'Awards in the month.' },
      { name: 'insgesamt', typ: 'Ganzzahl', de: 'Verleihungen bis zum Ende dieses Monats.', en: 'Awards up to the end of the month.' },
    ],
  },
  {
    pfad: '/statistik/regierungsbezirke.csv',
    format: 'CSV',
    de: 'Abdeckung je Regierungsbezirk: Behörden und Einwohner in Digitalen Ämtern.',
    en: 'Coverage per administrative region.',
    spalten: ABDECKUNG_SPALTEN,
  },
  {
    pfad: '/statistik/landkreise.csv',
    format: 'CSV',
    de: 'Abdeckung je Landkreis und kreisfreier Stadt.',
    en: 'Coverage per district and district-free city.',
    spalten: ABDECKUNG_SPALTEN,
  },
  {
    pfad: '/statistik/verteilung.csv',
    format: 'CSV',
    de: 'Wie viele Behörden wie viele zählende Online-Verfahren haben, in Klassen.',
    en: 'How many authorities have how many counting online procedures, in classes.',
    spalten: [
      { name: 'online_verfahren_von', typ: 'Ganzzahl', de: 'Untergrenze der Klasse (einschließlich).', en: 'Lower bound (inclusive).' },
      { name: 'online_verfahren_bis', typ: 'Ganzzahl', de: 'Obergrenze (einschließlich); leer bei der offenen letzten Klasse.', en: 'Upper bound (inclusive); empty for the open last class.' },
      { name: 'behoerden', typ: 'Ganzzahl', de: 'Behörden in der Klasse.', en: 'Authorities in the class.' },
    ],
  },
  {
    pfad: '/statistik/verfahren.csv',
    format: 'CSV',
    de: 'Die 20 Online-Verfahren, die die meisten Behörden zählend verlinken.',
    en: 'The 20 online procedures linked (counting) by the most authorities.',
    spalten: [
      { name: 'verfahren_id', typ: 'Text', de: 'Kennung des Verfahrens (UUID, wie in verfahren-je-behoerde.csv).', en: 'Procedure id.' },
      { name: 'verfahren_name', typ: 'Text', de: 'Name des Verfahrens.', en: 'Procedure name.' },
      { name: 'bereitstellung', typ: 'Text', de: 'zentral oder kommunal.', en: 'zentral or kommunal.' },
      { name: 'behoerden', typ: 'Ganzzahl', de: 'Behörden, die es zählend verlinken.', en: 'Authorities linking it (counting).' },
    ],
  },
  {
    pfad: '/statistik/themenfelder.csv',
    format: 'CSV',
    de: 'Abdeckung der OZG-Themenfelder.',
    en: 'Coverage of the OZG topic areas.',
    spalten: [
      { name: 'themenfeld_id', typ: 'Ganzzahl', de: 'Nummer des OZG-Themenfelds.', en: 'Topic area number.' },
      { name: 'themenfeld', typ: 'Text', de: 'Name des Themenfelds.', en: 'Topic area.' },
      { name: 'behoerden', typ: 'Ganzzahl', de: 'Behörden mit mindestens einem zählenden Verfahren des Themenfelds.', en: 'Authorities with at least one counting procedure of it.' },
      { name: 'anteil_behoerden_prozent', typ: 'Dezimalzahl', de: 'Ihr Anteil an allen Behörden in Prozent.', en: 'Their share, percent.' },
      { name: 'verlinkungen', typ: 'Ganzzahl', de: 'Zählende Verlinkungen von Verfahren des Themenfelds.', en: 'Counting links of its procedures.' },
    ],
  },
  {
    pfad: '/statistik/laender.csv',
    format: 'CSV',
    de: 'Abdeckung je Land (nur, wenn die Daten mehrerer Länder eingelesen sind).',
    en: 'Coverage per state (only when several states are imported).',
    spalten: ABDECKUNG_SPALTEN,
  },
];

export const DATEIEN: Datei[] = [
  {
    pfad: '/opendata/behoerden.csv',
    format: 'CSV',
    de: 'Jede Behörde mit Zahl, Schwelle, Status und aktuellem Prädikat. Nimmt die Filter der Behördenliste an (z. B. ?status=digitales_amt).',
    en: 'Every authority with count, threshold, status and current award. Accepts the list’s filters (e.g. ?status=digitales_amt).',
    spalten: BEHOERDE_SPALTEN,
  },
  {
    pfad: '/opendata/behoerden.json',
    format: 'JSON',
    de: 'Dieselben Daten als JSON: { "metadaten": {…Lizenz, Namensnennung, Stand…}, "daten": [ … ] } mit denselben Feldnamen.',
    en: 'The same as JSON: { "metadaten": {…}, "daten": [ … ] } with the same field names.',
  },
  {
    pfad: '/opendata/behoerden.geojson',
    format: 'GeoJSON',
    de: 'Dieselben Daten als GeoJSON-Punkte (RFC 7946) am Verwaltungssitz; Felder in "properties" (ohne lat/lon), Metadaten im Element "metadaten". Flächen: per ARS mit den VG5000-Grenzen des BKG verknüpfen.',
    en: 'The same as GeoJSON points (RFC 7946) at the seat; fields in "properties", metadata in "metadaten". For areas join the BKG VG5000 boundaries by ARS.',
  },
  {
    pfad: '/opendata/praedikate.csv',
    format: 'CSV',
    de: 'Jede Verleihung des Prädikats, neueste zuerst, auch ausgesetzte und widerrufene.',
    en: 'Every award, newest first, including suspended and revoked ones.',
    spalten: [
      { name: 'zertifikat_nr', typ: 'Text', de: 'Nummer des Prädikats (DA-JJJJ-NNNN). Schlüssel der Zeile.', en: 'Award number. Row key.' },
      { name: 'behoerde_ars', typ: 'Text', de: 'ARS der Behörde (siehe behoerden.csv).', en: 'ARS of the authority.' },
      { name: 'behoerde_name', typ: 'Text', de: 'Amtlicher Name der Behörde (wie name in behoerden.csv).', en: 'Official name (as name in behoerden.csv).' },
      { name: 'typ', typ: 'Text', de: 'Art der Behörde (Code wie in behoerden.csv).', en: 'Type code.' },
      { name: 'regierungsbezirk_ars', typ: 'Text', de: 'Schlüssel des Regierungsbezirks.', en: 'Region key.' },
      { name: 'regierungsbezirk', typ: 'Text', de: 'Name des Regierungsbezirks.', en: 'Region name.' },
      { name: 'verliehen_am', typ: 'Datum', de: 'Datum der Verleihung.', en: 'Date of the award.' },
      { name: 'praedikat_status', typ: 'Text', de: 'gueltig, ausgesetzt oder widerrufen.', en: 'gueltig (valid), ausgesetzt (suspended) or widerrufen (revoked).' },
      { name: 'aktuell', typ: 'Wahrheitswert', de: 'true für das aktuelle (jüngste) Prädikat der Behörde.', en: 'true for the authority’s current (latest) award.' },
      { name: 'demodaten', typ: 'Wahrheitswert', de: 'true, wenn die Verleihung simuliert ist.', en: 'true when simulated.' },
      { name: 'nachweis_url', typ: 'URL', de: 'Adresse, unter der das Prädikat nachgeprüft werden kann.', en: 'Address to verify the award.' },
      { name: 'behoerde_anzeigename', typ: 'Text', de: 'Lesbarer Name der Behörde (wie anzeigename in behoerden.csv).', en: 'Readable name (as anzeigename in behoerden.csv).' },
    ],
  },
  {
    pfad: '/opendata/verfahren-je-behoerde.csv',
    format: 'CSV',
    de: 'Jede Verlinkung: welche Behörde welches Online-Verfahren verlinkt und ob es zählt.',
    en: 'Every link: which authority links which online procedure and whether it counts.',
    spalten: [
      { name: 'behoerde_ars', typ: 'Text', de: 'ARS der Behörde.', en: 'ARS of the authority.' },
      { name: 'behoerde_name', typ: 'Text', de: 'Amtlicher Name der Behörde (wie name in behoerden.csv).', en: 'Official name (as name in behoerden.csv).' },
      { name: 'verfahren_id', typ: 'Text', de: 'Kennung des Online-Verfahrens (UUID). Mit behoerde_ars der Schlüssel der Zeile.', en: 'Procedure id (UUID). Row key together with behoerde_ars.' },
      { name: 'verfahren_name', typ: 'Text', de: 'Name des Online-Verfahrens.', en: 'Procedure name.' },
      { name: 'bereitstellung', typ: 'Text', de: 'zentral (vom Freistaat für alle) oder kommunal.', en: 'zentral (central) or kommunal (municipal).' },
      { name: 'art', typ: 'Text', de: 'online (elektronische Einreichung), information oder formular_pdf (zählen nie).', en: 'online, information or formular_pdf (the latter two never count).' },
      { name: 'in_betrieb', typ: 'Wahrheitswert', de: 'false für außer Betrieb genommene Verfahren.', en: 'false for retired procedures.' },
      { name: 'zaehlt', typ: 'Wahrheitswert', de: 'true, wenn die Verlinkung für das Prädikat zählt.', en: 'true when the link counts for the label.' },
      { name: 'themenfelder', typ: 'Liste', de: 'OZG-Themenfelder des Verfahrens, durch „; “ getrennt.', en: 'OZG topic areas, separated by “; ”.' },
      { name: 'url', typ: 'URL', de: 'Adresse des Verfahrens für diese Behörde.', en: 'Address of the procedure for this authority.' },
      { name: 'verlinkt_seit', typ: 'Datum', de: 'Datum der Verlinkung.', en: 'Date linked.' },
      { name: 'demodaten', typ: 'Wahrheitswert', de: 'true, wenn die Verlinkung simuliert ist.', en: 'true when simulated.' },
      { name: 'behoerde_anzeigename', typ: 'Text', de: 'Lesbarer Name der Behörde (wie anzeigename in behoerden.csv).', en: 'Readable name (as anzeigename in behoerden.csv).' },
    ],
  },
  ...STATISTIK_DATEIEN,
  {
    pfad: '/feeds/praedikate.atom',
    format: 'Atom',
    de: 'Die 50 neuesten Verleihungen als Atom-Feed (RFC 4287); ?lang=en für Englisch (ein eigener Feed mit eigener Kennung).',
    en: 'The 50 latest awards as an Atom feed; ?lang=en for English (a feed of its own with its own id).',
  },
];

/** Column names per CSV file, in order (tests compare them with the real headers). */
export const SPALTEN_JE_DATEI: Record<string, string[]> = Object.fromEntries(DATEIEN.filter((d) => d.spalten).map((d) => [d.pfad, (d.spalten as Spalte[]).map((s) => s.name)]));

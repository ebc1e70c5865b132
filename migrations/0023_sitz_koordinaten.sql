-- Coordinates of existing Behörden: until now `lat`/`lon` of Verwaltungsgemeinschaften, Landkreise
-- and Bezirke were the population-weighted centre of their Gemeinden. That centre moves to
-- `schwerpunkt_lat`/`schwerpunkt_lon`; `lat`/`lon` become the seat: the centre of the Gemeinde
-- named as Verwaltungssitz (same Verband first, then same Kreis, Regierungsbezirk, Land). Where
-- no Gemeinde carries the seat's name, the seat stays unknown (null) until the next import of
-- the official data, which matches names more loosely (gebiete/behoerden.derivation.ts).
UPDATE "behoerden" SET "schwerpunkt_lat" = "lat", "schwerpunkt_lon" = "lon";
--> statement-breakpoint
UPDATE "behoerden" b SET "lat" = s.lat, "lon" = s.lon
FROM (
  SELECT DISTINCT ON (b2.ars) b2.ars, g.lat, g.lon
  FROM "behoerden" b2
  JOIN "gebiete" g ON g.ebene = 'gemeinde' AND g.land_key = b2.land_key
    AND coalesce(g.textkennzeichen, '') NOT IN ('65', '66')
    AND lower(regexp_replace(g.name, '\s*,.*$', '')) = lower(b2.sitz)
  WHERE length(b2.ars) < 12
  ORDER BY b2.ars,
    (g.verband_ars = b2.ars) DESC,
    (g.kreis_key IS NOT DISTINCT FROM b2.kreis_key) DESC,
    (g.regbez_key IS NOT DISTINCT FROM b2.regbez_key) DESC,
    g.ars
) s
WHERE b.ars = s.ars;
--> statement-breakpoint
UPDATE "behoerden" b SET "lat" = NULL, "lon" = NULL
WHERE length(b.ars) < 12 AND NOT EXISTS (
  SELECT 1 FROM "gebiete" g
  WHERE g.ebene = 'gemeinde' AND g.land_key = b.land_key AND coalesce(g.textkennzeichen, '') NOT IN ('65', '66')
    AND lower(regexp_replace(g.name, '\s*,.*$', '')) = lower(b.sitz)
);

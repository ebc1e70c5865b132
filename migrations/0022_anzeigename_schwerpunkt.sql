ALTER TABLE "behoerden" ADD COLUMN "anzeigename" text GENERATED ALWAYS AS (case
    when typ = 'vg' and name like '% (VGem)' then 'Verwaltungsgemeinschaft ' || left(name, -7)
    when typ in ('landkreis', 'bezirk', 'vg', 'amt', 'samtgemeinde', 'verbandsgemeinde', 'verwaltungsverband') then name
    when name ~ ', [^,]+$' then (case when regexp_replace(name, ', [^,]+$', '') like (case substring(name from ', ([^,]+)$')
      when 'M' then 'Markt' when 'St' then 'Stadt' when 'GKSt' then 'Große Kreisstadt'
      else substring(name from ', ([^,]+)$') end) || ' %' then regexp_replace(name, ', [^,]+$', '') else (case substring(name from ', ([^,]+)$')
      when 'M' then 'Markt' when 'St' then 'Stadt' when 'GKSt' then 'Große Kreisstadt'
      else substring(name from ', ([^,]+)$') end) || ' ' || regexp_replace(name, ', [^,]+$', '') end)
    when typ = 'kreisfreie_stadt' then 'Stadt ' || name
    else name
  end) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "behoerden" ADD COLUMN "schwerpunkt_lat" double precision;--> statement-breakpoint
ALTER TABLE "behoerden" ADD COLUMN "schwerpunkt_lon" double precision;--> statement-breakpoint
ALTER TABLE "gebiete" ADD COLUMN "anzeigename" text GENERATED ALWAYS AS (case
    when ebene = 'gemeindeverband' and name like '% (VGem)' then 'Verwaltungsgemeinschaft ' || left(name, -7)
    when ebene = 'kreis' and textkennzeichen in ('43', '44') and name ~* '(kreis|^(Region|Städteregion|Regionalverband) )' then name
    when ebene = 'kreis' and textkennzeichen = '44' then 'Landkreis ' || name
    when ebene = 'kreis' and textkennzeichen = '43' then 'Kreis ' || name
    when name ~ ', [^,]+$' then (case when regexp_replace(name, ', [^,]+$', '') like (case substring(name from ', ([^,]+)$')
      when 'M' then 'Markt' when 'St' then 'Stadt' when 'GKSt' then 'Große Kreisstadt'
      else substring(name from ', ([^,]+)$') end) || ' %' then regexp_replace(name, ', [^,]+$', '') else (case substring(name from ', ([^,]+)$')
      when 'M' then 'Markt' when 'St' then 'Stadt' when 'GKSt' then 'Große Kreisstadt'
      else substring(name from ', ([^,]+)$') end) || ' ' || regexp_replace(name, ', [^,]+$', '') end)
    when ebene = 'kreis' and textkennzeichen in ('41', '42') then 'Stadt ' || name
    when ebene = 'gemeinde' and textkennzeichen in ('61', '62') then 'Stadt ' || name
    else name
  end) STORED NOT NULL;
/** Small pieces shared by the portal's pages (and the start page): legend, colour swatch, download links. */

/** A colour swatch (an SVG rect: the CSP forbids `style=`, presentation attributes are fine). */
export function Farbfeld({ farbe }: { farbe: string }) {
  return (
    <svg class="farbfeld" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <rect x="0.5" y="0.5" width="15" height="15" fill={farbe} stroke="#4b5563" stroke-width="1" />
    </svg>
  );
}

export function Legende({ titel, eintraege }: { titel: string; eintraege: { farbe: string; label: string }[] }) {
  return (
    <div class="legende">
      <p class="kern-body kern-body--bold legende__titel">{titel}</p>
      <ul class="legende__liste">
        {eintraege.map((e) => (
          <li class="legende__eintrag">
            <Farbfeld farbe={e.farbe} /> <span class="kern-body kern-body--small">{e.label}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Download({ href, label, format }: { href: string; label: string; format: string }) {
  return (
    <a class="kern-link" href={href} download>
      {label} <span class="kern-body kern-body--small">({format})</span>
    </a>
  );
}

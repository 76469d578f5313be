// Small line icons drawn in currentColor (24×24), so the panel needs no icon set.
import { svg, type SVGTemplateResult } from "lit";
import type { BoxState } from "./model";

const icon = (body: SVGTemplateResult): SVGTemplateResult => svg`
  <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor"
    stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;

export const menuIcon = icon(svg`<path d="M4 6h16M4 12h16M4 18h16"/>`);
export const backIcon = icon(svg`<path d="M19 12H5M11 6l-6 6 6 6"/>`);
export const searchIcon = icon(svg`<circle cx="11" cy="11" r="6"/><path d="M20 20l-4.5-4.5"/>`);
export const downloadIcon = icon(svg`<path d="M12 4v11M7 10l5 5 5-5M5 20h14"/>`);
export const checkIcon = icon(svg`<path d="M5 12.5l4.5 4.5L19 7.5"/>`);
export const infoIcon = icon(svg`<circle cx="12" cy="12" r="9"/><path d="M12 11v6M12 7.5v.01"/>`);
export const openIcon = icon(svg`<path d="M14 5h5v5M19 5l-8 8M17 14v5H5V7h5"/>`);

const normalIcon = icon(svg`<circle cx="12" cy="12" r="9"/><path d="M8 12.5l3 3 5-6"/>`);
const warningIcon = icon(svg`<path d="M12 3.5L2.5 20h19z"/><path d="M12 10v4.5M12 17.5v.01"/>`);
const alarmIcon = icon(
  svg`<path d="M6 17V11a6 6 0 0 1 12 0v6l1.5 2h-15z"/><path d="M10 21h4M12 8v4M12 14.5v.01"/>`,
);
const offlineIcon = icon(
  svg`<path d="M2 9a15 15 0 0 1 20 0M5.5 12.5a10 10 0 0 1 13 0M9 16a5 5 0 0 1 6 0M12 19.5v.01M3 3l18 18"/>`,
);
export const powerIcon = icon(svg`<path d="M12 3v8"/><path d="M6.3 6.8a8 8 0 1 0 11.4 0"/>`);

export const STATE_ICONS: Record<BoxState, SVGTemplateResult> = {
  normal: normalIcon,
  warning: warningIcon,
  alarm: alarmIcon,
  offline: offlineIcon,
  power_off: powerIcon,
};

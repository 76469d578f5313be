// The cards' preview page (dev/cards.html): the dashboard cards with the fake `hass` of fake.ts,
// as a dashboard shows them, each under its YAML; two bad configurations show the cards' errors
// (as Home Assistant shows them in place of the card); the card picker's entries on top.
// A card's link to the panel opens the panel's preview page at that view.
import type { HomeAssistant } from "../src/api";
// The fake first: it sets the page's language, which the cards read when they load.
import { onHass, params } from "./fake";
import "../src/main";

type CardTag = "safe-power-alarms-card" | "safe-power-box-card";
interface Sample {
  tag: CardTag;
  config: Record<string, unknown>;
}

const SAMPLES: Sample[] = [
  { tag: "safe-power-alarms-card", config: {} },
  { tag: "safe-power-box-card", config: { device_id: "dev-05" } },
  { tag: "safe-power-alarms-card", config: { state: "all", limit: 3, area_id: "kitchen" } },
  { tag: "safe-power-box-card", config: { device_id: "dev-06" } },
  { tag: "safe-power-alarms-card", config: { state: "open", limit: 0 } },
  { tag: "safe-power-box-card", config: { name: "Kitchen" } },
];

const yaml = (tag: string, config: Record<string, unknown>): string =>
  [`type: custom:${tag}`, ...Object.entries(config).map(([key, value]) => `${key}: ${String(value)}`)].join("\n");

const cards: { hass?: HomeAssistant }[] = [];
const grid = document.createElement("main");
for (const { tag, config } of SAMPLES) {
  const figure = document.createElement("figure");
  const caption = document.createElement("figcaption");
  caption.textContent = yaml(tag, config);
  const card = document.createElement(tag);
  figure.append(caption);
  try {
    card.setConfig({ type: `custom:${tag}`, ...config });
    cards.push(card);
    figure.append(card);
  } catch (err) {
    const error = document.createElement("div");
    error.className = "config-error";
    error.textContent = err instanceof Error ? err.message : String(err);
    figure.append(error);
  }
  grid.append(figure);
}

const picker = document.createElement("ul");
picker.className = "picker";
for (const entry of window.customCards ?? []) {
  const item = document.createElement("li");
  item.textContent = `${entry.type} — ${entry.name}: ${entry.description}`;
  picker.append(item);
}
document.body.append(picker, grid);
onHass((hass) => cards.forEach((card) => (card.hass = hass)));

// A card's link into the panel: open the panel's preview at that view.
window.addEventListener("location-changed", () => {
  const [, panel, view, id] = location.pathname.split("/");
  if (panel !== "safe-power") return;
  const query = new URLSearchParams(params);
  query.set("view", view === "box" ? `box:${id}` : view);
  location.href = `/index.html?${query}`;
});

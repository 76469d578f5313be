// The panel's preview page (dev/index.html): <safe-power-panel> with the fake `hass` of fake.ts.
// Query parameters, besides fake.ts's:
//   narrow=1           Home Assistant's narrow layout (also below 870 px, as Home Assistant does)
//   view=alarms|plan|reports|settings   open that tab; view=box:dev-03 a box's page
import { onHass, params } from "./fake";
import "../src/main";

const PREFIX = "/safe-power";
const panel = document.createElement("safe-power-panel");

function route(): void {
  const path = location.pathname.startsWith(PREFIX) ? location.pathname.slice(PREFIX.length) : "";
  panel.route = { prefix: PREFIX, path };
}

const view = params.get("view");
if (view) {
  const path = view.startsWith("box:") ? `/box/${view.slice(4)}` : `/${view}`;
  history.replaceState(null, "", `${PREFIX}${path}${location.search}`);
}
route();
window.addEventListener("location-changed", route);
window.addEventListener("popstate", route);
panel.addEventListener("hass-toggle-menu", () => console.info("hass-toggle-menu"));

const narrow = (): boolean => params.get("narrow") === "1" || window.innerWidth < 870;
panel.narrow = narrow();
window.addEventListener("resize", () => (panel.narrow = narrow()));

onHass((hass) => (panel.hass = hass));
document.body.append(panel);

// The bundle: the sidebar panel and the dashboard cards. Home Assistant loads it as the panel's
// module; a dashboard that shows the cards loads the same file as a resource.
import "./panel";
import "./alarms-card";
import "./box-card";

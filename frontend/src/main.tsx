import "dkfds-css";
import "./styles.css";
import { render } from "preact";
import { App } from "./app";
import { scheduleExpiry } from "./auth/session";
import { language } from "./i18n";

document.documentElement.lang = language.get();
scheduleExpiry();
const root = document.getElementById("app");
if (root) render(<App />, root);

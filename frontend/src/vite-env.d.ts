/// <reference types="vite/client" />
declare module "dkfds-css";

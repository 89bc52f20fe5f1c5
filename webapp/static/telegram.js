// Telegram's side, feature-detected: inside Telegram, telegram-web-app.js gives initData and
// the theme; in a plain browser (the demo) initData comes in the link's #tgWebAppData.
const webApp = window.Telegram && window.Telegram.WebApp && window.Telegram.WebApp.initData !== undefined
  ? window.Telegram.WebApp : null;

function fromHash() {
  const hash = new URLSearchParams(location.hash.slice(1));
  return hash.get("tgWebAppData") || "";
}

export function initData() {
  const data = (webApp && webApp.initData) || fromHash() || sessionStorage.getItem("initData") || "";
  if (data) sessionStorage.setItem("initData", data);
  return data;
}

export function languageCode() {
  const user = webApp && webApp.initDataUnsafe && webApp.initDataUnsafe.user;
  return (user && user.language_code) || navigator.language || "en";
}

// Telegram on iOS gives Mini Apps no service workers: there the page needs the network.
export function offlineCapable() {
  return "serviceWorker" in navigator && !(webApp && webApp.platform === "ios");
}

export function ready() {
  if (!webApp) {
    document.documentElement.dataset.browser = "plain";
    return;
  }
  webApp.ready();
  webApp.expand();
  const apply = () => { document.documentElement.dataset.scheme = webApp.colorScheme || "light"; };
  apply();
  webApp.onEvent("themeChanged", apply);
}

export function haptic() {
  if (webApp && webApp.HapticFeedback) webApp.HapticFeedback.selectionChanged();
}

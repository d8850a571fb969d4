import { createStore, useStore } from "../lib/store";

const message = createStore("");

/** Says `text` politely to screen readers (route changes, saved forms, finished imports). */
export function announce(text: string): void {
  message.set("");
  // A new text node in the next frame, so the same message twice is read twice.
  setTimeout(() => message.set(text), 50);
}

export function LiveRegion() {
  const text = useStore(message);
  return (
    <div class="sr-only" aria-live="polite" aria-atomic="true">
      {text}
    </div>
  );
}

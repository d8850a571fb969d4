/** DKFDS tabs with the WAI-ARIA tabs pattern: arrow keys move, one tab stop. */
import type { ComponentChildren } from "preact";
import { useRef, useState } from "preact/hooks";

export interface Tab {
  id: string;
  label: string;
  content: () => ComponentChildren;
}

export function Tabs({ id, label, tabs }: { id: string; label: string; tabs: readonly Tab[] }) {
  const [selected, setSelected] = useState(tabs[0]?.id ?? "");
  const list = useRef<HTMLDivElement>(null);
  const current = tabs.find((tab) => tab.id === selected) ?? tabs[0];

  function move(offset: number) {
    const index = tabs.findIndex((tab) => tab.id === selected);
    const next = tabs[(index + offset + tabs.length) % tabs.length];
    if (!next) return;
    setSelected(next.id);
    list.current?.querySelector<HTMLButtonElement>(`#${id}-tab-${next.id}`)?.focus();
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "ArrowRight") move(1);
    else if (event.key === "ArrowLeft") move(-1);
    else return;
    event.preventDefault();
  }

  return (
    <div class="tab-container">
      <div class="tab-list" role="tablist" aria-label={label} ref={list} onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            class="tab-button"
            id={`${id}-tab-${tab.id}`}
            aria-controls={`${id}-panel-${tab.id}`}
            aria-selected={tab.id === current?.id}
            tabIndex={tab.id === current?.id ? 0 : -1}
            onClick={() => setSelected(tab.id)}
          >
            <span>{tab.label}</span>
          </button>
        ))}
      </div>
      {current && (
        <div
          class="tab-panel"
          role="tabpanel"
          id={`${id}-panel-${current.id}`}
          aria-labelledby={`${id}-tab-${current.id}`}
          tabIndex={0}
        >
          {current.content()}
        </div>
      )}
    </div>
  );
}

/**
 * A modal on the native <dialog>: focus is trapped and restored by the browser, Esc closes
 * it; the inside uses DKFDS's modal markup.
 */
import type { ComponentChildren } from "preact";
import { useEffect, useLayoutEffect, useRef } from "preact/hooks";
import { useI18n } from "../i18n";

export function Modal(props: {
  id: string;
  title: string;
  open: boolean;
  onClose: () => void;
  children: ComponentChildren;
  footer?: ComponentChildren;
}) {
  const { id, title, open, onClose, children, footer } = props;
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  // A dialog that goes while open (one shown only while editing) is closed first, so the
  // browser gives focus back to what opened it instead of dropping it on <body>; a layout
  // effect, since its cleanup runs before the element leaves the page (a passive one's after).
  useLayoutEffect(() => {
    const element = dialog.current;
    return () => {
      if (element?.open) element.close();
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      class="praksis-dialog"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      onCancel={onClose}
    >
      <div class="modal-content">
        <div class="modal-header">
          <h2 class="modal-title" id={`${id}-title`}>
            {title}
          </h2>
          <button type="button" class="modal-close function-link" onClick={onClose}>
            {t("common.close")}
          </button>
        </div>
        <div class="modal-body">{children}</div>
        {footer && <div class="modal-footer">{footer}</div>}
      </div>
    </dialog>
  );
}

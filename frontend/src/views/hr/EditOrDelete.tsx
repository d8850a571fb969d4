/**
 * An object's edit and delete buttons side by side, each with its dialog, and the texts of
 * `hrEdits.<kind>…`: `edit` renders the object's `EditDialog` with the button it is given, and
 * `onDone` receives the visible confirmation of either.
 */
import type { ComponentChildren } from "preact";
import type { Problem } from "../../api/problem";
import { ConfirmDelete } from "../../components/ConfirmDelete";
import type { EditButton } from "../../components/EditDialog";
import { useI18n } from "../../i18n";

type Kind = "framework" | "competence" | "module";

export function EditOrDelete(props: {
  kind: Kind;
  id: string;
  title: string;
  edit: (button: EditButton<{ title: string }>) => ComponentChildren;
  remove: () => Promise<{ problem?: Problem }>;
  onDone: (text: string) => void;
}) {
  const { t } = useI18n();
  const { kind, id, title } = props;
  const vars = { title };
  return (
    <span class="praksis-actions">
      {props.edit({
        id: `edit-${kind}-${id}`,
        label: t(`hrEdits.${kind}Edit`),
        name: title,
        title: t(`hrEdits.${kind}EditTitle`, vars),
        onSaved: (saved) => props.onDone(t(`hrEdits.${kind}Saved`, { title: saved.title })),
      })}
      <ConfirmDelete
        id={`delete-${kind}-${id}`}
        label={t(`hrEdits.${kind}Delete`)}
        name={title}
        title={t(`hrEdits.${kind}DeleteTitle`, vars)}
        text={[t(`hrEdits.${kind}DeleteText`)]}
        submit={t(`hrEdits.${kind}Delete`)}
        remove={props.remove}
        onDeleted={() => props.onDone(t(`hrEdits.${kind}Deleted`, vars))}
      />
    </span>
  );
}

/**
 * Form fields with DKFDS markup: label, optional hint, error (from a problem's per-field
 * `errors`), required marker, and the ARIA that ties them together.
 */
import type { ComponentChildren } from "preact";
import { useI18n } from "../i18n";

interface FieldFrame {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
}

function describedBy({ id, hint, error }: FieldFrame): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

/** A field's hint and error, with the ids `describedBy` points at. */
function HintAndError(props: { id: string; hint?: string; error?: string; errorPrefix?: string }) {
  const { id, hint, error, errorPrefix } = props;
  return (
    <>
      {hint && (
        <span class="form-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span class="form-error-message" id={`${id}-error`}>
          {errorPrefix && <span class="sr-only">{errorPrefix}</span>}
          {error}
        </span>
      )}
    </>
  );
}

function Frame(props: FieldFrame & { children: ComponentChildren }) {
  const { t } = useI18n();
  const { id, label, hint, error, required, children } = props;
  return (
    <div class={error ? "form-group form-error" : "form-group"}>
      <label class="form-label" for={id}>
        {label}
        {!required && <span class="weight-normal"> ({t("common.optional")})</span>}
      </label>
      <HintAndError id={id} hint={hint} error={error} errorPrefix={`${t("common.required")}: `} />
      {children}
    </div>
  );
}

interface InputProps extends FieldFrame {
  value: string;
  onInput: (value: string) => void;
  type?: "text" | "email" | "number" | "date" | "datetime-local" | "time" | "tel" | "url";
  autoComplete?: string;
  maxLength?: number;
  min?: string | number;
  max?: string | number;
  disabled?: boolean;
}

export function TextField(props: InputProps) {
  const { id, label, hint, error, required, value, onInput, type = "text", ...rest } = props;
  return (
    <Frame id={id} label={label} hint={hint} error={error} required={required}>
      <input
        id={id}
        name={id}
        // Preact types <input> as a union keyed on a literal `type`; any of ours is textual.
        type={type as "text"}
        class="form-input"
        value={value}
        autocomplete={rest.autoComplete}
        maxLength={rest.maxLength}
        min={rest.min}
        max={rest.max}
        disabled={rest.disabled}
        required={required}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(props)}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
    </Frame>
  );
}

interface TextAreaProps extends FieldFrame {
  value: string;
  onInput: (value: string) => void;
  rows?: number;
  maxLength?: number;
  disabled?: boolean;
}

export function TextArea(props: TextAreaProps) {
  const { id, label, hint, error, required, value, onInput } = props;
  return (
    <Frame id={id} label={label} hint={hint} error={error} required={required}>
      <textarea
        id={id}
        name={id}
        class="form-input"
        rows={props.rows ?? 5}
        value={value}
        maxLength={props.maxLength}
        disabled={props.disabled}
        required={required}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(props)}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
    </Frame>
  );
}

export interface Option {
  value: string;
  label: string;
}

type SelectProps = FieldFrame & {
  options: readonly Option[];
  value: string;
  placeholder?: string;
  onChange: (value: string) => void;
  disabled?: boolean;
};

export function SelectField(props: SelectProps) {
  const { id, label, hint, error, required, options, value, placeholder, onChange } = props;
  return (
    <Frame id={id} label={label} hint={hint} error={error} required={required}>
      <select
        id={id}
        name={id}
        class="form-select"
        value={value}
        required={required}
        disabled={props.disabled}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(props)}
        onChange={(event) => onChange(event.currentTarget.value)}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

/** A group's boxes (or radio buttons), each `${name}-${value}` with its label. */
function Choices<V extends string>(props: {
  type: "radio" | "checkbox";
  name: string;
  options: readonly { value: V; label: string }[];
  isChecked: (value: V) => boolean;
  onPick: (value: V) => void;
}) {
  const { type, name, options, isChecked, onPick } = props;
  return (
    <ul class="nobullet-list">
      {options.map((option) => (
        <li key={option.value}>
          <input
            type={type}
            class={`form-${type}`}
            id={`${name}-${option.value}`}
            name={name}
            value={option.value}
            checked={isChecked(option.value)}
            onChange={() => onPick(option.value)}
          />
          <label for={`${name}-${option.value}`}>{option.label}</label>
        </li>
      ))}
    </ul>
  );
}

export function RadioGroup(props: {
  name: string;
  legend: string;
  hint?: string;
  error?: string;
  options: readonly Option[];
  value: string;
  onChange: (value: string) => void;
}) {
  const { name, legend, hint, error, options, value, onChange } = props;
  return (
    <fieldset
      class={error ? "form-group form-error" : "form-group"}
      aria-describedby={describedBy({ id: name, label: legend, hint, error })}
    >
      <legend class="form-label">{legend}</legend>
      <HintAndError id={name} hint={hint} error={error} />
      <Choices
        type="radio"
        name={name}
        options={options}
        isChecked={(option) => value === option}
        onPick={onChange}
      />
    </fieldset>
  );
}

/** A group of check boxes with a legend (kerneopgaver, facilitators, members, "with whom"):
 *  each box's id is `${name}-${value}`; `selected` keeps the order the boxes were ticked in. */
export function CheckboxGroup<V extends string>(props: {
  name: string;
  legend: string;
  hint?: string;
  error?: string;
  options: readonly { value: V; label: string }[];
  selected: readonly V[];
  onChange: (selected: V[]) => void;
}) {
  const { name, legend, hint, error, options, selected, onChange } = props;
  const toggle = (value: V) =>
    onChange(
      selected.includes(value) ? selected.filter((item) => item !== value) : [...selected, value],
    );
  return (
    <fieldset
      class={error ? "form-group form-error" : "form-group"}
      aria-describedby={describedBy({ id: name, label: legend, hint, error })}
    >
      <legend class="form-label">{legend}</legend>
      <HintAndError id={name} hint={hint} error={error} />
      <Choices
        type="checkbox"
        name={name}
        options={options}
        isChecked={(option) => selected.includes(option)}
        onPick={toggle}
      />
    </fieldset>
  );
}

/** A form's submit button and, when it can be left, its cancel button. `form`: the id of the
 *  form they submit when they stand outside it (a dialog's footer). */
export function FormActions(props: {
  submit: string;
  busy?: boolean;
  onCancel?: () => void;
  form?: string;
}) {
  const { t } = useI18n();
  return (
    <div class="praksis-actions">
      <button type="submit" form={props.form} class="button button-primary" disabled={props.busy}>
        {props.submit}
      </button>
      {props.onCancel && (
        <button type="button" class="button button-secondary" onClick={props.onCancel}>
          {t("common.cancel")}
        </button>
      )}
    </div>
  );
}

import { attributeText } from '../attribute.ts';

/**
 * The newsroom's form controls. Every field renders its label, the value as typed, and beside it
 * the message for what is wrong, linked by aria-describedby; a refused form comes back intact.
 */

/** What a form shows: the values as typed, and problems by field name and for the whole form. */
export interface FormState {
  readonly values: Readonly<Record<string, string>>;
  readonly fieldErrors: Readonly<Record<string, string>>;
  readonly formErrors: readonly string[];
}

export function formState(values: Readonly<Record<string, string>> = {}): FormState {
  return { values, fieldErrors: {}, formErrors: [] };
}

export function CsrfField({ token }: { readonly token: string }): JSX.Element {
  return <input type="hidden" name="_csrf" value={token} />;
}

/** The problems that belong to no single field, announced when the page loads. */
export function FormErrors({ state }: { readonly state: FormState }): JSX.Element {
  const count = Object.keys(state.fieldErrors).length;
  if (state.formErrors.length === 0 && count === 0) return <div class="form-errors" role="alert"></div>;
  return (
    <div class="form-errors" role="alert">
      {state.formErrors.map((message) => (
        <p safe>{message}</p>
      ))}
      {count > 0 ? <p safe>{count === 1 ? 'One field needs attention.' : `${count} fields need attention.`}</p> : ''}
    </div>
  );
}

interface FieldProps {
  readonly name: string;
  readonly label: string;
  readonly state: FormState;
  /** A one-line hint under the label. */
  readonly hint?: string;
  readonly required?: boolean;
  /** The id of the control, when one page has two forms with the same field name. */
  readonly id?: string;
}

function FieldShell(props: FieldProps & { readonly children: JSX.Element }): JSX.Element {
  const id = props.id ?? props.name;
  const error = props.state.fieldErrors[props.name];
  return (
    <div class={error ? 'field has-error' : 'field'} data-field={props.name}>
      <label for={id}>
        <span safe>{props.label}</span>
        {props.required ? (
          <span class="required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : (
          ''
        )}
      </label>
      {props.hint ? (
        <span class="hint" id={`${id}-hint`} safe>
          {props.hint}
        </span>
      ) : (
        ''
      )}
      {props.children as 'safe'}
      <span class="field-error" id={`${id}-error`} safe>
        {error ?? ''}
      </span>
    </div>
  );
}

function controlAttributes(props: FieldProps) {
  const id = props.id ?? props.name;
  return {
    id,
    name: props.name,
    required: props.required,
    'aria-describedby': props.hint ? `${id}-hint ${id}-error` : `${id}-error`,
    'aria-invalid': props.state.fieldErrors[props.name] ? 'true' : undefined,
  };
}

export function TextField(props: FieldProps & { readonly input?: Readonly<Record<string, string | undefined>> }): JSX.Element {
  return (
    <FieldShell {...props}>
      <input type="text" {...controlAttributes(props)} {...props.input} value={attributeText(props.state.values[props.name] ?? '')} />
    </FieldShell>
  );
}

export function TextArea(
  props: FieldProps & { readonly rows?: number; readonly attributes?: Readonly<Record<string, string>> },
): JSX.Element {
  return (
    <FieldShell {...props}>
      <textarea {...controlAttributes(props)} rows={String(props.rows ?? 4)} {...props.attributes} safe>
        {props.state.values[props.name] ?? ''}
      </textarea>
    </FieldShell>
  );
}

export function SelectField(
  props: FieldProps & { readonly options: ReadonlyArray<{ readonly value: string; readonly label: string }> },
): JSX.Element {
  const selected = props.state.values[props.name] ?? '';
  return (
    <FieldShell {...props}>
      <select {...controlAttributes(props)}>
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === selected} safe>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** A file chooser; its form must be sent as multipart/form-data. */
export function FileField(props: FieldProps & { readonly accept: string }): JSX.Element {
  return (
    <FieldShell {...props}>
      <input type="file" {...controlAttributes(props)} accept={props.accept} />
    </FieldShell>
  );
}

export function CheckboxField(props: FieldProps): JSX.Element {
  const id = props.id ?? props.name;
  return (
    <div class="field-check">
      <input type="checkbox" id={id} name={props.name} value="on" checked={props.state.values[props.name] === 'on'} />
      <label for={id} safe>
        {props.label}
      </label>
    </div>
  );
}

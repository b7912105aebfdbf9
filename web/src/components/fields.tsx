// Form fields in KERN UX's markup: every field has a visible label, an optional one-line hint and, when invalid, its
// message (announced with the field through aria-describedby). Field ids derive from the API's field paths
// (`children.0.birthDate` → `f-children-0-birthDate`), so the error summary links an API error to its field.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** The id of the input (or the first input of a group) that holds the value at an API field path. */
export function fieldId(path: string): string {
  return `f-${path.replaceAll('.', '-')}`;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter((part) => part !== '');
  return ids.length === 0 ? undefined : ids.join(' ');
}

export function FieldError({ id, message }: { readonly id: string; readonly message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <p class="kern-error" id={`${id}-error`}>
      <span class="kern-icon kern-icon--danger kern-icon--default" aria-hidden="true" />
      <span class="kern-body">
        <span class="kern-sr-only">Fehler: </span>
        {message}
      </span>
    </p>
  );
}

function Hint({ id, children }: { readonly id: string; readonly children: ComponentChildren }) {
  if (children === undefined || children === null || children === '') return null;
  return (
    <div class="kern-hint" id={`${id}-hint`}>
      {children}
    </div>
  );
}

/** A single field's frame in KERN's markup: the label (with "(optional)"), the hint, the message, then the control. */
function FieldFrame({
  id,
  label,
  hint,
  error,
  optional,
  children,
}: {
  readonly id: string;
  readonly label: ComponentChildren;
  readonly hint?: ComponentChildren | undefined;
  readonly error?: string | undefined;
  readonly optional?: boolean | undefined;
  readonly children: ComponentChildren;
}) {
  return (
    <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label class="kern-label" for={id}>
        {label}
        {optional ? <span class="kern-label__optional"> (optional)</span> : null}
      </label>
      <Hint id={id}>{hint}</Hint>
      <FieldError id={id} message={error} />
      {children}
    </div>
  );
}

export type TextFieldProps = {
  readonly type?: 'text' | 'tel' | 'email' | 'search' | 'url' | undefined;
  readonly autocomplete?: string | undefined;
  readonly inputMode?: 'text' | 'numeric' | 'tel' | 'email' | 'url' | 'search' | undefined;
  readonly spellcheck?: boolean | undefined;
  readonly maxLength?: number | undefined;
  readonly id: string;
  readonly label: ComponentChildren;
  readonly hint?: ComponentChildren | undefined;
  readonly error?: string | undefined;
  readonly value: string;
  readonly onValue: (value: string) => void;
  /** Shown after the label: "(optional)". */
  readonly optional?: boolean | undefined;
  /** KERN's narrow widths for short values (postal code, dates). */
  readonly width?: 'width-4' | 'width-10' | 'width-20' | undefined;
};

export function TextField(props: TextFieldProps) {
  const { id, label, hint, error, value, onValue, optional, width, type } = props;
  const widthClass = width === undefined ? '' : ` lotse-input--${width}`;
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} optional={optional}>
      <input
        id={id}
        autocomplete={props.autocomplete}
        inputMode={props.inputMode}
        spellcheck={props.spellcheck}
        maxLength={props.maxLength}
        name={id}
        // One literal for Preact's discriminated input types; tel and email share text's attributes.
        type={(type ?? 'text') as 'text'}
        class={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}${widthClass}`}
        value={value}
        onInput={(event) => onValue((event.currentTarget as HTMLInputElement).value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </FieldFrame>
  );
}

export type TextAreaProps = {
  readonly id: string;
  readonly label: ComponentChildren;
  readonly hint?: ComponentChildren | undefined;
  readonly error?: string | undefined;
  readonly value: string;
  readonly onValue: (value: string) => void;
  readonly optional?: boolean | undefined;
  /**
   * Shows how many characters are left as one types; a screen reader hears it with the field and, once typing
   * pauses for a second, from a polite live region (not on every key).
   */
  readonly maxCharacters?: number | undefined;
  readonly rows?: number | undefined;
};

/** Characters as the API counts them: Unicode code points. */
export function characterCount(value: string): number {
  return [...value].length;
}

function countText(left: number, max: number): string {
  if (left >= 0) return `Noch ${left} von ${max} Zeichen frei.`;
  return `${-left} Zeichen zu viel. Erlaubt sind ${max} Zeichen.`;
}

export function TextArea({ id, label, hint, error, value, onValue, optional, maxCharacters, rows = 5 }: TextAreaProps) {
  const left = maxCharacters === undefined ? undefined : maxCharacters - characterCount(value);
  const countId = `${id}-count`;
  const [announced, setAnnounced] = useState('');
  useEffect(() => {
    if (left === undefined || maxCharacters === undefined) return;
    const timer = setTimeout(() => setAnnounced(countText(left, maxCharacters)), 1000);
    return () => clearTimeout(timer);
  }, [left, maxCharacters]);
  const described = [describedBy(id, hint, error), left === undefined ? undefined : countId]
    .filter((part) => part !== undefined)
    .join(' ');
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} optional={optional}>
      <textarea
        id={id}
        name={id}
        rows={rows}
        class={`kern-form-input__input lotse-textarea${error ? ' kern-form-input__input--error' : ''}`}
        value={value}
        onInput={(event) => onValue((event.currentTarget as HTMLTextAreaElement).value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described === '' ? undefined : described}
      />
      {left === undefined || maxCharacters === undefined ? null : (
        <>
          <p id={countId} class={`kern-body kern-body--small lotse-count${left < 0 ? ' lotse-count--over' : ''}`}>
            {countText(left, maxCharacters)}
          </p>
          <p class="kern-sr-only" aria-live="polite">
            {announced}
          </p>
        </>
      )}
    </FieldFrame>
  );
}

export type Choice<Value extends string> = {
  readonly value: Value;
  readonly label: ComponentChildren;
  readonly hint?: ComponentChildren | undefined;
};

/** A code's German label and, for some codes, a hint (as the labels module names them). */
type CodeLabels<Code extends string> = Readonly<Record<Code, { readonly label: string; readonly hint?: string }>>;

/** The choices for a list of codes, in their order, each with its German label. */
export function labelChoices<Code extends string>(codes: readonly Code[], labels: CodeLabels<Code>) {
  return codes.map((code) => ({ value: code, label: labels[code].label }));
}

/** The choices for a list of codes, each with its German label and its hint (none where the code has none). */
export function hintedChoices<Code extends string>(codes: readonly Code[], labels: CodeLabels<Code>) {
  return codes.map((code) => ({ value: code, label: labels[code].label, hint: labels[code].hint }));
}

type GroupProps = {
  /** The id of the first input; the others get `-<value>`. */
  readonly id: string;
  readonly legend: ComponentChildren;
  readonly hint?: ComponentChildren | undefined;
  readonly error?: string | undefined;
  /** Choices side by side (short ones: Ja / Nein). */
  readonly horizontal?: boolean | undefined;
  readonly children: ComponentChildren;
};

function Fieldset({ id, legend, hint, error, horizontal, children }: GroupProps) {
  return (
    <fieldset
      class={`kern-fieldset${error ? ' kern-fieldset--error' : ''}`}
      aria-describedby={describedBy(`${id}-group`, hint, error)}
    >
      <legend class="kern-label">{legend}</legend>
      <Hint id={`${id}-group`}>{hint}</Hint>
      <FieldError id={`${id}-group`} message={error} />
      <div class={`kern-fieldset__body${horizontal ? ' kern-fieldset__body--horizontal' : ''}`}>{children}</div>
    </fieldset>
  );
}

/** A radio's or a checkbox's label, and its hint below it. */
function ChoiceLabel({
  id,
  label,
  hint,
}: {
  readonly id: string;
  readonly label: ComponentChildren;
  readonly hint?: ComponentChildren | undefined;
}) {
  return (
    <>
      <label class="kern-label" for={id}>
        {label}
      </label>
      {hint ? (
        <div class="kern-hint lotse-choice-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
    </>
  );
}

const optionId = (id: string, index: number, value: string) => (index === 0 ? id : `${id}-${value}`);

export type RadioGroupProps<Value extends string> = Omit<GroupProps, 'children'> & {
  readonly name: string;
  readonly choices: readonly Choice<Value>[];
  readonly value: Value | undefined;
  readonly onValue: (value: Value) => void;
};

export function RadioGroup<Value extends string>(props: RadioGroupProps<Value>) {
  const { id, name, choices, value, onValue, error } = props;
  return (
    <Fieldset {...props}>
      {choices.map((choice, index) => {
        const inputId = optionId(id, index, choice.value);
        return (
          <div class="kern-form-check" key={choice.value}>
            <input
              class={`kern-form-check__radio${error ? ' kern-form-check__radio--error' : ''}`}
              type="radio"
              id={inputId}
              name={name}
              value={choice.value}
              checked={value === choice.value}
              onChange={() => onValue(choice.value)}
              aria-describedby={choice.hint ? `${inputId}-hint` : undefined}
            />
            <ChoiceLabel id={inputId} label={choice.label} hint={choice.hint} />
          </div>
        );
      })}
    </Fieldset>
  );
}

export type CheckboxGroupProps<Value extends string> = Omit<GroupProps, 'children'> & {
  readonly name: string;
  readonly choices: readonly Choice<Value>[];
  readonly values: readonly Value[];
  readonly onValues: (values: Value[]) => void;
};

export function CheckboxGroup<Value extends string>(props: CheckboxGroupProps<Value>) {
  const { id, name, choices, values, onValues, error } = props;
  const toggle = (value: Value, checked: boolean) => {
    const next = new Set(values);
    if (checked) next.add(value);
    else next.delete(value);
    // In the order of the choices, whatever the order of the clicks.
    onValues(choices.map((choice) => choice.value).filter((candidate) => next.has(candidate)));
  };
  return (
    <Fieldset {...props}>
      {choices.map((choice, index) => (
        <Checkbox
          key={choice.value}
          id={optionId(id, index, choice.value)}
          name={name}
          value={choice.value}
          label={choice.label}
          hint={choice.hint}
          checked={values.includes(choice.value)}
          onChecked={(checked) => toggle(choice.value, checked)}
          invalid={error !== undefined}
          inGroup
        />
      ))}
    </Fieldset>
  );
}

export function Checkbox({
  id,
  name,
  value,
  label,
  hint,
  checked,
  onChecked,
  invalid = false,
  inGroup = false,
}: {
  readonly id: string;
  readonly name?: string | undefined;
  readonly value?: string | undefined;
  readonly label: ComponentChildren;
  readonly hint?: ComponentChildren | undefined;
  readonly checked: boolean;
  readonly onChecked: (checked: boolean) => void;
  readonly invalid?: boolean | undefined;
  /** Part of a group whose fieldset shows the error. */
  readonly inGroup?: boolean | undefined;
}) {
  return (
    <div class={`kern-form-check${invalid && !inGroup ? ' kern-form-check--error' : ''}`}>
      <input
        class={`kern-form-check__checkbox${invalid ? ' kern-form-check__checkbox--error' : ''}`}
        type="checkbox"
        id={id}
        name={name ?? id}
        value={value ?? 'true'}
        checked={checked}
        onChange={(event) => onChecked((event.currentTarget as HTMLInputElement).checked)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <ChoiceLabel id={id} label={label} hint={hint} />
    </div>
  );
}

export function Button({
  children,
  variant = 'primary',
  type = 'button',
  onClick,
  disabled,
  id,
}: {
  readonly children: ComponentChildren;
  readonly variant?: 'primary' | 'secondary' | 'tertiary' | undefined;
  readonly type?: 'button' | 'submit' | undefined;
  readonly onClick?: (() => void) | undefined;
  readonly disabled?: boolean | undefined;
  readonly id?: string | undefined;
}) {
  return (
    <button
      type={type}
      id={id}
      class={`kern-btn kern-btn--${variant}`}
      onClick={onClick === undefined ? undefined : () => onClick()}
      disabled={disabled}
    >
      <span class="kern-label">{children}</span>
    </button>
  );
}

export type SelectProps<Value extends string> = {
  readonly id: string;
  readonly label: ComponentChildren;
  readonly hint?: ComponentChildren | undefined;
  readonly error?: string | undefined;
  /** The options; an empty value stands for "nothing chosen". */
  readonly choices: readonly { readonly value: Value | ''; readonly label: string }[];
  readonly value: Value | '';
  readonly onValue: (value: Value | '') => void;
  readonly optional?: boolean | undefined;
};

/** A KERN select: one choice of a list too long for radios (an office, an offer, a filter). */
export function Select<Value extends string>({
  id,
  label,
  hint,
  error,
  choices,
  value,
  onValue,
  optional,
}: SelectProps<Value>) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} optional={optional}>
      <div class="kern-form-input__select-wrapper">
        <select
          id={id}
          name={id}
          class={`kern-form-input__select${error ? ' kern-form-input__select--error' : ''}`}
          value={value}
          onChange={(event) => onValue((event.currentTarget as HTMLSelectElement).value as Value | '')}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy(id, hint, error)}
        >
          {choices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
    </FieldFrame>
  );
}

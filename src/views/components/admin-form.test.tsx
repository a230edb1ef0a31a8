import { describe, expect, it } from 'vitest';
import { adminEn } from '../../i18n/admin-en.js';
import { FormField, ProblemNotice } from './admin-form.js';

describe('FormField', () => {
  it('ties the hint and the error to a one-line input, which keeps its own limit', async () => {
    const html = await (
      <FormField
        messages={adminEn}
        id="owner"
        label="Owner"
        type="text"
        value="a"
        maxlength={200}
        hint="Who"
        error="Too long"
      />
    ).toString();
    expect(html).toContain(
      '<input id="owner" name="owner" type="text" maxlength="200" value="a" aria-invalid="true" aria-describedby="owner-hint owner-error"/>',
    );
    expect(html).toContain('<p id="owner-error"><strong>');
  });

  it('limits an email address and a password by default, and nothing else', async () => {
    const field = (type: 'email' | 'password' | 'text') =>
      (<FormField messages={adminEn} id="f" label="F" type={type} />).toString();
    expect(await field('email')).toContain('maxlength="320"');
    expect(await field('password')).toContain('maxlength="1000"');
    expect(await field('text')).not.toContain('maxlength');
  });

  it('keeps the leading newline of a textarea value and selects the chosen option', async () => {
    const area = await (
      <FormField messages={adminEn} id="a" label="A" type="textarea" value={'\nx'} rows={3} />
    ).toString();
    expect(area).toContain('<textarea id="a" name="a" rows="3" cols="80">\n\nx</textarea>');
    const options = [
      { value: 'one', label: 'One' },
      { value: 'two', label: 'Two' },
    ];
    const select = await (
      <FormField messages={adminEn} id="s" label="S" type="select" value="two" options={options} />
    ).toString();
    expect(select).toContain('<option value="one">One</option><option value="two" selected="">Two</option>');
  });
});

describe('ProblemNotice', () => {
  it('announces a page-level problem as an alert, and nothing when there is none', async () => {
    expect(await (<ProblemNotice problem={{ heading: 'Refused', text: 'Why' }} />).toString()).toContain(
      'role="alert" aria-labelledby="problem-title"><div><h2 id="problem-title">Refused</h2><p>Why</p>',
    );
    expect(await (<ProblemNotice />).toString()).toBe('');
  });
});

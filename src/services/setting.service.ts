import { AppError } from '../domain/errors.js';
import { hasPermission } from '../domain/staff.js';
import { DEFAULT_NOTICE_LEAD_DAYS, MAX_NOTICE_LEAD_DAYS } from '../domain/update.js';
import type { SettingRepository } from '../storage/setting.repository.js';
import { toAuditEvent } from './audit.service.js';
import { createRandomToken } from './credentials.js';
import type { ActionContext } from './entry.service.js';

/** The setting that requires a second person to approve publication. */
export const FOUR_EYES_SETTING = 'require_second_approver';

/** The setting that lists the days an answer changed on its public page. */
export const CHANGE_HISTORY_SETTING = 'show_change_history';

/** The setting that turns accepted questionnaire questions into alternative phrasings (on unless turned off). */
export const LEARN_PHRASINGS_SETTING = 'learn_questionnaire_phrasings';

/** The setting that makes a second factor mandatory for every staff account. */
export const TWO_FACTOR_REQUIRED_SETTING = 'require_two_factor';

/** The setting that denies access requests from the ready-made list of free-mail providers. */
export const DENY_FREE_MAIL_SETTING = 'access.deny_free_mail';

/** The setting that grants NDA documents once the NDA is accepted and the address confirmed (on unless turned off). */
export const NDA_CLICK_THROUGH_SETTING = 'access.nda_click_through';

/** The setting that holds how many days before a subprocessor change its Art. 28 notice goes out. */
export const NOTICE_LEAD_DAYS_SETTING = 'subscriptions.notice_lead_days';

/** The key that signs pre-session (sign-in form) tokens. */
const SIGN_IN_SECRET_SETTING = 'auth.sign_in_secret';

/**
 * The settings administrators change at run time (four-eyes publication, the public change history,
 * learning phrasings from questionnaires, mandatory two-step sign-in) and the instance's sign-in
 * secret. Every change needs `administer` and is audited with the value it replaced.
 */
export class SettingService {
  private signInSecret: Promise<string> | undefined;

  constructor(
    private readonly repository: SettingRepository,
    private readonly now: () => Date,
    /** Called after a change visitors see, so this process refreshes its public pages at once. */
    private readonly onContentChanged: () => void = () => {},
  ) {}

  /** Whether publication needs a second person's approval. */
  isFourEyesRequired(): Promise<boolean> {
    return this.isOn(FOUR_EYES_SETTING, false);
  }

  /** Turns the four-eyes rule on or off. */
  setFourEyesRequired(context: ActionContext, isRequired: boolean): Promise<void> {
    return this.change(context, FOUR_EYES_SETTING, isRequired, false, false);
  }

  /** Whether public entry pages list the days their answer changed. */
  isChangeHistoryShown(): Promise<boolean> {
    return this.isOn(CHANGE_HISTORY_SETTING, false);
  }

  /** Shows or hides the public change history; public pages refresh at once. */
  setChangeHistoryShown(context: ActionContext, isShown: boolean): Promise<void> {
    return this.change(context, CHANGE_HISTORY_SETTING, isShown, true, false);
  }

  /** Whether accepting a questionnaire answer records the question as a phrasing of its entry (default on). */
  isPhrasingLearningOn(): Promise<boolean> {
    return this.isOn(LEARN_PHRASINGS_SETTING, true);
  }

  /** Turns learning phrasings from accepted questionnaire answers on or off. */
  setPhrasingLearning(context: ActionContext, isOn: boolean): Promise<void> {
    return this.change(context, LEARN_PHRASINGS_SETTING, isOn, false, true);
  }

  /** Whether every staff account must use a second factor. */
  isTwoFactorRequired(): Promise<boolean> {
    return this.isOn(TWO_FACTOR_REQUIRED_SETTING, false);
  }

  /** Makes the second factor mandatory or optional. */
  setTwoFactorRequired(context: ActionContext, isRequired: boolean): Promise<void> {
    return this.change(context, TWO_FACTOR_REQUIRED_SETTING, isRequired, false, false);
  }

  /** Whether access requests from free-mail providers (gmail.com, outlook.com…) are denied (default off). */
  isFreeMailDenied(): Promise<boolean> {
    return this.isOn(DENY_FREE_MAIL_SETTING, false);
  }

  /** Turns the free-mail deny list on or off. */
  setFreeMailDenied(context: ActionContext, isDenied: boolean): Promise<void> {
    return this.change(context, DENY_FREE_MAIL_SETTING, isDenied, false, false);
  }

  /** Whether NDA documents are granted on acceptance of the NDA, without staff (default on). */
  isNdaClickThrough(): Promise<boolean> {
    return this.isOn(NDA_CLICK_THROUGH_SETTING, true);
  }

  /** Turns click-through NDA access on or off. */
  setNdaClickThrough(context: ActionContext, isOn: boolean): Promise<void> {
    return this.change(context, NDA_CLICK_THROUGH_SETTING, isOn, false, true);
  }

  /** Days between an Art. 28 notice and the subprocessor change it announces (default 30). */
  async getNoticeLeadDays(): Promise<number> {
    const stored = await this.repository.find(NOTICE_LEAD_DAYS_SETTING);
    const days = stored === undefined ? Number.NaN : Number(stored);
    return Number.isInteger(days) && days >= 0 && days <= MAX_NOTICE_LEAD_DAYS ? days : DEFAULT_NOTICE_LEAD_DAYS;
  }

  /** Sets the notice lead time: a whole number of days from 0 to 365 (invalid_input otherwise, nothing saved). */
  async setNoticeLeadDays(context: ActionContext, typed: string): Promise<void> {
    if (!hasPermission(context.actor, 'administer')) {
      throw new AppError('forbidden', `Your role (${context.actor.role}) may not do this`);
    }
    const value = typed.trim();
    const days = /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
    if (!(days >= 0 && days <= MAX_NOTICE_LEAD_DAYS)) {
      const message = `The lead time must be a whole number of days from 0 to ${MAX_NOTICE_LEAD_DAYS}`;
      throw new AppError('invalid_input', `${message}.`, [{ source: 'form', field: 'leadDays', message }]);
    }
    const before = await this.getNoticeLeadDays();
    const at = this.now();
    await this.repository.save({
      key: NOTICE_LEAD_DAYS_SETTING,
      value: String(days),
      changedAt: at.toISOString(),
      audit: toAuditEvent(
        {
          ...context,
          action: 'setting.change',
          targetType: 'setting',
          targetId: NOTICE_LEAD_DAYS_SETTING,
          summary: `${NOTICE_LEAD_DAYS_SETTING}: ${before} -> ${days}`,
        },
        at,
      ),
      isPublic: false,
    });
  }

  /** The secret that signs pre-session (sign-in form) tokens, created once and shared by every process. */
  getSignInSecret(): Promise<string> {
    this.signInSecret ??= this.repository.findOrCreate(
      SIGN_IN_SECRET_SETTING,
      () => createRandomToken(32),
      this.now().toISOString(),
    );
    return this.signInSecret;
  }

  private async isOn(key: string, defaultValue: boolean): Promise<boolean> {
    const stored = await this.repository.find(key);
    return stored === undefined ? defaultValue : stored === 'true';
  }

  /** Saves an on/off setting with its audit event; `isPublic` bumps the revision and refreshes the public pages. */
  private async change(
    context: ActionContext,
    key: string,
    value: boolean,
    isPublic: boolean,
    defaultValue: boolean,
  ): Promise<void> {
    if (!hasPermission(context.actor, 'administer')) {
      throw new AppError('forbidden', `Your role (${context.actor.role}) may not do this`);
    }
    const before = await this.isOn(key, defaultValue);
    const at = this.now();
    await this.repository.save({
      key,
      value: String(value),
      changedAt: at.toISOString(),
      audit: toAuditEvent(
        {
          ...context,
          action: 'setting.change',
          targetType: 'setting',
          targetId: key,
          summary: `${key}: ${before} -> ${value}`,
        },
        at,
      ),
      isPublic,
    });
    if (isPublic) this.onContentChanged();
  }
}

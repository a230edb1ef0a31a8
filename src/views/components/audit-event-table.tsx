import type { Child } from 'hono/jsx';
import type { AuditEventRecord } from '../../domain/audit.js';
import type { AdminMessages } from '../../i18n/admin-en.js';

/** An ISO timestamp shown to the minute in UTC, the way the audit log stores it. */
export function formatTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** Audit events as a table: the full log shows the IP, the dashboard's recent changes link entries. */
export function AuditEventTable(props: {
  messages: AdminMessages;
  events: AuditEventRecord[];
  caption?: string;
  showsIp: boolean;
  renderTarget: (event: AuditEventRecord) => Child;
}) {
  const { messages } = props;
  return (
    <table class="sla-table">
      {props.caption !== undefined && <caption class="visually-hidden">{props.caption}</caption>}
      <thead>
        <tr>
          <th scope="col">{messages.columnTime}</th>
          <th scope="col">{messages.columnActor}</th>
          <th scope="col">{messages.columnAction}</th>
          <th scope="col">{messages.columnTarget}</th>
          {props.showsIp && <th scope="col">{messages.columnIp}</th>}
          <th scope="col">{messages.columnSummary}</th>
        </tr>
      </thead>
      <tbody>
        {props.events.map((event) => (
          <tr>
            <td>
              <time datetime={event.at}>{formatTime(event.at)}</time>
            </td>
            <td>{event.actorEmail ?? ''}</td>
            <td>{event.action}</td>
            <td>{props.renderTarget(event)}</td>
            {props.showsIp && <td>{event.ip ?? ''}</td>}
            <td>{event.summary}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

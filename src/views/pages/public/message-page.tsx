import { localizePath } from '../../../i18n/index.js';
import { type PageMeta, PublicLayout } from '../../layouts/public-layout.js';

/** A page that only says something: not found, bad request, error. */
export function MessagePage(props: { meta: PageMeta; heading: string; text: string }) {
  const { meta } = props;
  return (
    <PublicLayout meta={meta}>
      <div class="wrap section message-page">
        <h1>{props.heading}</h1>
        <p>{props.text}</p>
        <p>
          <a href={localizePath('/', meta.language)}>{meta.messages.goHome}</a>
        </p>
      </div>
    </PublicLayout>
  );
}

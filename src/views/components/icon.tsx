import type { IconName } from '../../domain/content.js';
import { assetUrl } from '../asset-url.js';

/** A decorative icon from the shipped SVG sprite (hidden from assistive technology). */
export function Icon(props: { name: IconName | 'link' | 'search' | 'check' | 'alert'; class?: string }) {
  return (
    <svg class={`icon ${props.class ?? ''}`.trim()} aria-hidden="true" focusable="false" width="24" height="24">
      <use href={`${assetUrl('icons.svg')}#${props.name}`} />
    </svg>
  );
}

// Styles shared by the panel's elements; colours come from Home Assistant's theme variables.
import { css } from "lit";

export const shared = css`
  :host {
    --sp-normal: var(--success-color, #43a047);
    --sp-warning: var(--warning-color, #ffa600);
    --sp-alarm: var(--error-color, #db4437);
    --sp-offline: var(--sp-offline-color, #757575);
    --sp-power-off: var(--sp-power-off-color, #7e57c2);
    --sp-radius: var(--ha-card-border-radius, 12px);
    color: var(--primary-text-color, #212121);
  }
  * {
    box-sizing: border-box;
  }
  .icon {
    width: 20px;
    height: 20px;
    flex: none;
  }
  .card {
    background: var(--card-background-color, #fff);
    border: 1px solid var(--divider-color, #e0e0e0);
    border-radius: var(--sp-radius);
    box-shadow: var(--ha-card-box-shadow, none);
  }
  .secondary {
    color: var(--secondary-text-color, #727272);
  }
  .error {
    color: var(--error-color, #db4437);
  }
  .banner {
    display: flex;
    gap: 12px;
    align-items: center;
    flex-wrap: wrap;
    padding: 12px 16px;
    border-radius: var(--sp-radius);
    border: 1px solid var(--error-color, #db4437);
    background: color-mix(in srgb, var(--error-color, #db4437) 10%, var(--card-background-color, #fff));
    color: var(--primary-text-color, #212121);
    font-weight: 500;
  }
  .empty {
    padding: 32px 16px;
    text-align: center;
    color: var(--secondary-text-color, #727272);
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    min-height: 40px;
    padding: 0 16px;
    border-radius: 20px;
    border: 1px solid var(--divider-color, #e0e0e0);
    background: transparent;
    color: var(--primary-color, #03a9f4);
    font-weight: 500;
    white-space: nowrap;
  }
  .btn.primary {
    border-color: var(--primary-color, #03a9f4);
    background: var(--primary-color, #03a9f4);
    color: var(--text-primary-color, #fff);
  }
  .btn.danger {
    border-color: var(--sp-alarm);
    background: var(--sp-alarm);
    color: #fff;
  }
  .btn:disabled {
    opacity: 0.5;
    cursor: default;
  }
  .btn:focus-visible,
  a:focus-visible,
  select:focus-visible,
  input:focus-visible {
    outline: 2px solid var(--primary-color, #03a9f4);
    outline-offset: 2px;
  }
  select,
  input {
    font: inherit;
    min-height: 40px;
    padding: 0 10px;
    border-radius: 8px;
    border: 1px solid var(--divider-color, #e0e0e0);
    background: var(--card-background-color, #fff);
    color: var(--primary-text-color, #212121);
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 2px 10px 2px 6px;
    border-radius: 14px;
    font-size: 0.875rem;
    font-weight: 500;
    line-height: 22px;
    white-space: nowrap;
    border: 1px solid var(--sp-color);
    background: color-mix(in srgb, var(--sp-color) 14%, transparent);
  }
  .chip .icon {
    width: 18px;
    height: 18px;
    color: var(--sp-color);
  }
  .chip.alarm {
    background: var(--sp-color);
    color: #fff;
  }
  .chip.alarm .icon {
    color: #fff;
  }
  .normal {
    --sp-color: var(--sp-normal);
  }
  .warning {
    --sp-color: var(--sp-warning);
  }
  .alarm {
    --sp-color: var(--sp-alarm);
  }
  .offline {
    --sp-color: var(--sp-offline);
  }
  .power_off {
    --sp-color: var(--sp-power-off);
  }
`;

/** A box's key figures (`keyFigures`): four in a row. */
export const figureStyles = css`
  .figures {
    display: grid;
    grid-template-columns: repeat(4, 1fr);
    gap: 4px;
    margin: 10px 0 0;
  }
  .figures dt {
    font-size: 0.75rem;
  }
  .figures dd {
    margin: 0;
    font-weight: 500;
    white-space: nowrap;
  }
`;

/** A search field: an icon and an input in one bordered box (place and size set by the view). */
export const searchStyles = css`
  .search {
    display: flex;
    align-items: center;
    gap: 8px;
    border-radius: 8px;
    border: 1px solid var(--divider-color, #e0e0e0);
    background: var(--card-background-color, #fff);
    color: var(--secondary-text-color, #727272);
  }
  .search input {
    flex: 1;
    min-width: 0;
    border: none;
    background: transparent;
  }
  .search input:focus-visible {
    outline: none;
  }
  .search:focus-within {
    outline: 2px solid var(--primary-color, #03a9f4);
  }
`;

/** The tariff periods' colours (the Reports tab's energy split, the Settings tab's schedule). */
export const periodStyles = css`
  :host {
    --sp-sharp: #c2185b;
    --sp-peak: #f57c00;
    --sp-flat: #1e88e5;
    --sp-valley: #00897b;
  }
  .sharp {
    background: var(--sp-sharp);
  }
  .peak {
    background: var(--sp-peak);
  }
  .flat {
    background: var(--sp-flat);
  }
  .valley {
    background: var(--sp-valley);
  }
`;

import type { Address } from "../../bindings";

/**
 * How an address reads on screen: `润都荣园1栋2单元301室 南门广场`.
 * The same rule as the core's `Address::display`, which formats the register's rows.
 */
export function formatAddress(address: Partial<Address> | null | undefined): string {
  if (!address) return "";
  const flat = [
    address.compound ?? "",
    address.building ? `${address.building}栋` : "",
    address.entrance ? `${address.entrance}单元` : "",
    address.room ? `${address.room}室` : "",
  ].join("");
  const place = address.place ?? "";
  return flat && place ? `${flat} ${place}` : flat || place;
}

import type { MaterialConfig, ServicePartConfig } from './jurisdiction';

type Form = MaterialConfig['form'];

/**
 * A material that exists as an 电子证照 (居民身份证, 营业执照, 结婚证 …): reusable against the
 * applicant's one number, and fetchable through the sharing platform instead of asked for.
 */
export const licence = (
  id: string,
  name: string,
  licenceType: string,
  {
    required = true,
    form = 'original',
  }: { readonly required?: boolean; readonly form?: Form } = {},
): MaterialConfig => ({ id, name, required, form, reusable: true, licenceType });

/** A form, contract or statement the applicant supplies for this application. */
export const paper = (
  id: string,
  name: string,
  {
    required = true,
    form = 'electronic',
    reusable = false,
  }: { readonly required?: boolean; readonly form?: Form; readonly reusable?: boolean } = {},
): MaterialConfig => ({ id, name, required, form, reusable });

/** One deciding department's part of a service: what it decides, its 承诺时限, its materials. */
export const part = (
  department: string,
  name: string,
  promisedLimitDays: number,
  materials: readonly string[],
): ServicePartConfig => ({ department, name, promisedLimitDays, materials: [...materials] });

interface CommonMaterialOptions {
  /** Material id within the service, when the usual one does not fit (e.g. `premises`). */
  readonly id?: string;
  readonly required?: boolean;
  readonly form?: Form;
}

/** A recurring 电子证照 material: usual id, name and form, each overridable per service. */
const commonLicence =
  (usualId: string, usualName: string, licenceType: string, usualForm: Form = 'original') =>
  (
    name = usualName,
    { id = usualId, required = true, form = usualForm }: CommonMaterialOptions = {},
  ) =>
    licence(id, name, licenceType, { required, form });

/** The materials that recur across services, named once. */
export const idCard = commonLicence('id-card', '居民身份证', '居民身份证');
export const hukouBook = commonLicence('hukou-book', '居民户口簿', '居民户口簿');
export const marriageCertificate = commonLicence('marriage-certificate', '结婚证', '结婚证');
export const businessLicence = commonLicence('business-licence', '营业执照', '营业执照', 'copy');
export const propertyCertificate = commonLicence(
  'property-certificate',
  '不动产权证书',
  '不动产权证书',
);

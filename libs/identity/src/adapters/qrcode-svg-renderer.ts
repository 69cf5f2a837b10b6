import { toString } from 'qrcode';
import { QrCodeRenderer } from '../domain/mfa-ports';

/** The QR code is drawn on the server, so the secret never goes to a third-party QR service. */
export class QrcodeSvgRenderer extends QrCodeRenderer {
  svg(text: string): Promise<string> {
    return toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  }
}

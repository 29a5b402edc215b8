/**
 * `--format atif`: one ATIF trajectory per session, `<out>/<session_id>.atif.json`, the
 * layout Harbor's readers take (one JSON document per trajectory: its validator, its
 * viewer, `Trajectory.model_validate_json`). Sessions are placed in the order they began
 * (names of repeated session ids depend on it); every file is written under a temp name
 * and renamed when the sink closes.
 */
import type { AtifStep } from '../../trajectory/atif-schema.js';
import type { PreviousFiles } from '../../write/reference-file.js';
import { createSessionFileNamer } from '../../write/session-file-name.js';
import { SessionFiles } from '../../write/session-files.js';
import { SessionOrder } from '../../write/session-order.js';
import type { SessionSink } from '../../write/sink.js';
import type { AtifStepTexts } from './atif-encoder.js';
import type { AtifSessionEnd } from './atif-projection.js';
import { assembleAtifText, encodeAtifStep } from './atif-text.js';
import { toAtifFileName } from './atif-file-name.js';

type AtifSink = SessionSink<AtifStep, AtifStepTexts, AtifSessionEnd>;

export function createAtifFileSink(outDir: string, previous?: PreviousFiles): AtifSink {
  const files = new SessionFiles(outDir, previous);
  const nameFile = createSessionFileNamer();
  const order = new SessionOrder<AtifSessionEnd>();
  let sessions = 0;

  return {
    beginSession() {
      const steps: string[] = [];
      const session = order.begin(async (end) => {
        await files.write(toAtifFileName(nameFile(end.session_id)), 1, assembleAtifText(end.document, steps));
        sessions += 1;
      });
      return {
        writeStep: (step) => void steps.push(encodeAtifStep(step)),
        writeEncodedSteps: (batch) => {
          for (const text of batch.texts) steps.push(text);
        },
        end: (end) => session.end(end),
        cancel: () => session.end(null),
      };
    },
    async close() {
      await order.settled();
      return { files: await files.finish(), sessions, steps: {} };
    },
    abort: () => files.discard(),
  };
}

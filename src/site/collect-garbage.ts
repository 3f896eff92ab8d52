// A full garbage collection, at the render's quiet moments: before it reads the archive (after a fetch run) and
// between Eleventy runs. V8 grows its heap rather than collect what a finished phase left behind (a run leaves some
// four times its pages' size), and the large benchmark's render then reached 3.1 GB; collected at these moments it
// stays within 1.5 GiB. A collection costs some 0.3 s on the large render's heap. Node lends the collector to a
// context that asks for it by this flag.
import v8 from "node:v8";
import vm from "node:vm";

v8.setFlagsFromString("--expose-gc");
export const collectGarbage = vm.runInNewContext("gc") as () => void;

// The ES module form: `import "madad/widget"` (here by path, as a page without a bundler does).
import "./madad/dist/widget/madad-widget.js";

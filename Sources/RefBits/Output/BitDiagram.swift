/// A word drawn as boxes, highest bit first, in the style of the LKML
/// proposals:
///
///     [ gup_read ][ gup_rw ][       ordinary        ]
///       31..28     27..24           23..0
struct BitDiagram: Sendable {
  var layout: Layout

  init(layout: Layout) {
    self.layout = layout
  }

  /// The boxes of one word: each field, and `-` for bits in no field.
  func cells(ofWord w: Int) -> [(label: String, msb: Int, lsb: Int)] {
    var out: [(String, Int, Int)] = []
    var next = layout.words[w].bits - 1
    for f in layout.fields(ofWord: w).reversed() {
      let field = layout.fields[f]
      if field.msb < next { out.append(("-", next, field.msb + 1)) }
      out.append((field.name, field.msb, field.lsb))
      next = field.lsb - 1
    }
    if next >= 0 { out.append(("-", next, 0)) }
    return out
  }

  /// Two lines: the boxes, and the bit ranges under them.
  func render(word w: Int) -> String {
    var top = "", bottom = ""
    for (label, msb, lsb) in cells(ofWord: w) {
      let range = msb == lsb ? "\(msb)" : "\(msb)..\(lsb)"
      let width = max(label.count + 4, range.count + 2)
      let inner = width - 2
      let padL = (inner - label.count) / 2
      top += "[" + String(repeating: " ", count: padL) + label + String(repeating: " ", count: inner - label.count - padL) + "]"
      let rL = (width - range.count) / 2
      bottom += String(repeating: " ", count: rL) + range + String(repeating: " ", count: width - range.count - rL)
    }
    while bottom.hasSuffix(" ") { bottom.removeLast() }
    return top + "\n" + bottom
  }
}

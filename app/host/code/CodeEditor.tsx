"use client";

import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { tags } from "@lezer/highlight";
import { type Diagnostic, lintGutter, setDiagnostics } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import { EditorView, highlightActiveLine, keymap, lineNumbers } from "@codemirror/view";
import { useEffect, useRef } from "react";

export type LineProblem = { line: number; message: string };

/** Python's tokens in colours that keep at least 4.5:1 on white and on the highlighted line (WCAG AA). */
const highlight = HighlightStyle.define([
  { tag: tags.comment, color: "#475569", fontStyle: "italic" },
  { tag: [tags.keyword, tags.controlKeyword, tags.definitionKeyword, tags.moduleKeyword, tags.operatorKeyword], color: "#6b21a8" },
  { tag: [tags.string, tags.special(tags.string)], color: "#9f1239" },
  { tag: tags.number, color: "#166534" },
  { tag: [tags.bool, tags.null, tags.atom], color: "#1d4ed8" },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: "#1e3a8a" },
  { tag: tags.invalid, color: "#b91c1c" },
]);

/**
 * CodeMirror 6 with Python highlighting (the same @lezer/python parser the interpreter runs on). Problems appear
 * at their line; moving the cursor to a line reports it. Tab moves focus out of the editor (keyboard users are
 * not trapped); indent with spaces.
 */
export default function CodeEditor({ value, onChange, problems, onLine, labelledBy }: { value: string; onChange: (code: string) => void; problems: LineProblem[]; onLine: (line: number) => void; labelledBy: string }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const callbacks = useRef({ onChange, onLine });
  callbacks.current = { onChange, onLine };

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          history(),
          indentOnInput(),
          bracketMatching(),
          highlightActiveLine(),
          lintGutter(),
          python(),
          syntaxHighlighting(highlight),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          EditorView.contentAttributes.of({ "aria-labelledby": labelledBy, "aria-multiline": "true", tabindex: "0" }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) callbacks.current.onChange(u.state.doc.toString());
            if (u.selectionSet || u.docChanged) callbacks.current.onLine(u.state.doc.lineAt(u.state.selection.main.head).number);
          }),
          EditorView.lineWrapping,
          EditorView.theme({ "&": { fontSize: "14px", maxHeight: "36rem" }, ".cm-scroller": { overflow: "auto" }, ".cm-content": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace" }, ".cm-gutters": { color: "#334155" } }),
        ],
      }),
    });
    view.current = v;
    return () => v.destroy();
    // The document is owned by the editor after the first render; `value` changes come from it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const doc = v.state.doc;
    const diagnostics: Diagnostic[] = problems
      .filter((p) => p.line >= 1 && p.line <= doc.lines)
      .map((p) => {
        const line = doc.line(p.line);
        return { from: line.from, to: line.to, severity: "error", message: p.message };
      });
    v.dispatch(setDiagnostics(v.state, diagnostics));
  }, [problems]);

  return <div ref={host} className="overflow-hidden rounded-xl border-2 border-slate-300 bg-white focus-within:border-descent-600" data-testid="code-editor" />;
}

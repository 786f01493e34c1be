using System;
using System.Text;

namespace Declarative.Generator.Emitter;

/// <summary>Writes C# text line by line with four-space indentation and '\n' line ends, whatever the host.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indentation;

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0)
            _text.Append(' ', 4 * _indentation).Append(line);
        _text.Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="opening"/> and a brace, and indents until the returned scope is disposed.</summary>
    public IDisposable Block(string opening)
    {
        Line(opening);
        Line("{");
        _indentation++;
        return new Scope(this);
    }

    public IDisposable Indent()
    {
        _indentation++;
        return new Indentation(this);
    }

    public override string ToString() => _text.ToString();

    private sealed class Scope : IDisposable
    {
        private readonly SourceWriter _writer;
        public Scope(SourceWriter writer) => _writer = writer;
        public void Dispose()
        {
            _writer._indentation--;
            _writer.Line("}");
        }
    }

    private sealed class Indentation : IDisposable
    {
        private readonly SourceWriter _writer;
        public Indentation(SourceWriter writer) => _writer = writer;
        public void Dispose() => _writer._indentation--;
    }
}

namespace Declarative.Generator;

/// <summary>The version written into <c>[GeneratedCode]</c>; it changes only with releases, not with builds.</summary>
internal static class GeneratorVersion
{
    public const string Value = "0.1.0";
}

using System.Threading;
using Declarative.Generator.Incremental;
using Declarative.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Declarative.Generator.Tests;

/// <summary>
/// What a file declares, as the generator fingerprints it: an edit that no other file's symbols can see leaves the
/// fingerprint as it was, so that no other file is parsed again; every other edit changes it.
/// </summary>
public class FileDeclarationsTests
{
    private const string Source = """
        #nullable enable
        using System;

        namespace Samples;

        public class Model : Base
        {
            public const int Hidden = 8;
            [Obsolete("old")] private readonly int width = Hidden * 2;

            public Model(int depth) : base(depth) { var unused = depth; }

            public int Depth { get => width; set { } }
            public int Twice => width * 2;

            public int Forward(int x)
            {
                return x + width;
            }
        }

        public class Base { public Base(int depth) { } }
        """;

    public static readonly TheoryData<string, string, string> EditsInBodies = new()
    {
        { "a method body", "return x + width;", "return x - width;" },
        { "a constructor body", "var unused = depth;", "var unused = depth + 1;" },
        { "the arguments a constructor passes to its base", ": base(depth)", ": base(depth + 1)" },
        { "an accessor body", "get => width;", "get => width + 1;" },
        { "an expression-bodied property", "Twice => width * 2;", "Twice => width * 3;" },
        { "a comment and whitespace", "public int Forward(int x)", "// forward\n    public  int Forward(int x)" },
    };

    public static readonly TheoryData<string, string, string> EditsToDeclarations = new()
    {
        { "a constant", "Hidden = 8", "Hidden = 9" },
        { "a field initializer", "Hidden * 2", "Hidden * 3" },
        { "an attribute argument", "Obsolete(\"old\")", "Obsolete(\"older\")" },
        { "a parameter type", "Forward(int x)", "Forward(long x)" },
        { "a base type", "Model : Base", "Model : Object" },
        { "a new member", "public int Forward(int x)", "public void Extra() { }\n    public int Forward(int x)" },
        { "a nullable directive", "#nullable enable", "#nullable disable" },
        { "a body becoming none", "public Base(int depth) { }", "public Base(int depth);" },
        { "an accessor starting to say field (a backing field in C# 14)", "get => width;", "get => field;" },
    };

    [Theory]
    [MemberData(nameof(EditsInBodies))]
    public void An_edit_inside_a_body_leaves_the_fingerprint_unchanged(string edit, string before, string after)
        => Assert.True(Fingerprint(Source) == Fingerprint(Edited(before, after)), $"editing {edit} changed the declarations' fingerprint");

    [Theory]
    [MemberData(nameof(EditsToDeclarations))]
    public void An_edit_to_a_declaration_changes_the_fingerprint(string edit, string before, string after)
        => Assert.False(Fingerprint(Source) == Fingerprint(Edited(before, after)), $"editing {edit} left the declarations' fingerprint unchanged");

    [Fact]
    public void A_directive_moved_between_declarations_changes_the_fingerprint()
    {
        string moved = Edited("#nullable enable\n", "").Replace("public class Base", "#nullable enable\npublic class Base");

        Assert.NotEqual(Fingerprint(Source), Fingerprint(moved));
    }

    [Fact]
    public void The_same_text_at_another_path_has_another_fingerprint()
        => Assert.NotEqual(Fingerprint(Source, "A.cs"), Fingerprint(Source, "B.cs"));

    private static string Edited(string before, string after)
    {
        Assert.Contains(before, Source);
        return Source.Replace(before, after);
    }

    private static Incremental.Fingerprint Fingerprint(string source, string path = "Model.cs")
        => FileDeclarations.Of(CSharpSyntaxTree.ParseText(source, TestCompilation.ParseOptions, path: path), CancellationToken.None).Declarations;
}

using Xunit;
using static Declarative.Analyzers.Tests.Infrastructure.AnalyzerHarness;

namespace Declarative.Analyzers.Tests;

/// <summary>DECL026: tied activations must have one width, or the tie needs a projection.</summary>
public class ActivationTyingTests
{
    private const string Models = """
        public sealed class Teacher : Module<Tensor, Tensor>
        {
            private readonly Linear hidden1;
            private readonly Sequential hidden2;
            private readonly Linear output;

            public Teacher(long inputs, long width) : base(nameof(Teacher))
            {
                hidden1 = Linear(inputs, width);
                hidden2 = Sequential(Linear(width, width), ReLU(), Dropout(0.1));
                output = Linear(width, 3);
                RegisterComponents();
            }

            public Linear Hidden1 => hidden1;
            public Sequential Hidden2 { get { return hidden2; } }

            public override Tensor forward(Tensor x) => output.call(hidden2.call(hidden1.call(x)));
        }

        public sealed class Student : Module<Tensor, Tensor>
        {
            private readonly Linear hidden;
            private readonly Linear output;

            public Student(long inputs, long width) : base(nameof(Student))
            {
                hidden = Linear(inputs, width);
                output = Linear(width, 3);
                ToTeacher = Linear(width, 2 * width);
                RegisterComponents();
            }

            public Linear Hidden => hidden;
            public Linear ToTeacher { get; }

            public override Tensor forward(Tensor x) => output.call(hidden.call(x));
        }

        """;

    [Fact]
    public void Layers_of_different_widths_need_a_projection()
    {
        Verify(Models + """
            public static class Distillation
            {
                public static ActivationTying Match(long inputs, long width)
                {
                    var teacher = new Teacher(inputs, 2 * width);
                    var student = new Student(inputs, width);
                    var matching = new ActivationTying(student, teacher);
                    return matching
                        .Tie(student.Hidden, teacher.Hidden1, projection: student.ToTeacher)
                        .{|missing:Tie(student.Hidden, teacher.Hidden2, weight: 0.5)|};
                }

                public static ActivationTying Numbers()
                {
                    var teacher = new Teacher(4, 8);
                    var student = new Student(4, 8);
                    return new ActivationTying(student, teacher).Tie(student.Hidden, teacher.Hidden2, projection: null);
                }

                public static ActivationTying Fixed(Teacher teacher, Student student)
                    => new ActivationTying(student, teacher).Tie(student.Hidden, teacher.Hidden1);
            }
            """,
            Diagnostic("DECL026", "missing", "'student.Hidden' outputs width features but 'teacher.Hidden2' outputs 2 * width; give the tie a projection, such as Linear(width, 2 * width)"));
    }

    [Fact]
    public void Models_passed_in_are_compared_where_their_widths_are_numbers()
    {
        Verify("""
            public sealed class SmallTeacher : Module<Tensor, Tensor>
            {
                private readonly Embedding tokens = Embedding(100, 8);
                private readonly LayerNorm norm = LayerNorm(8);
                public SmallTeacher() : base(nameof(SmallTeacher)) { RegisterComponents(); }
                public Embedding Tokens => tokens;
                public LayerNorm Norm => norm;
                public override Tensor forward(Tensor x) => norm.call(tokens.call(x));
            }

            public sealed class SmallStudent : Module<Tensor, Tensor>
            {
                private readonly Embedding tokens;
                public SmallStudent(long width = 5) : base(nameof(SmallStudent))
                {
                    tokens = Embedding(100, 5);
                    RegisterComponents();
                }
                public Embedding Tokens => tokens;
                public override Tensor forward(Tensor x) => tokens.call(x);
            }

            public static class Distillation
            {
                public static ActivationTying Match(SmallTeacher teacher, SmallStudent student)
                    => new ActivationTying(student, teacher).{|numbers:Tie(student.Tokens, teacher.Norm)|};
            }
            """,
            Diagnostic("DECL026", "numbers", "'student.Tokens' outputs 5 features but 'teacher.Norm' outputs 8; give the tie a projection, such as Linear(5, 8)"));
    }
}

using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Declarative.Gallery.Systems.Distillation;

/// <summary>The teacher: two hidden layers of width 64.</summary>
public sealed class Teacher : Module<Tensor, Tensor>
{
    public const long Width = 64;

    private readonly Linear hidden1;
    private readonly Linear hidden2;
    private readonly Linear output;

    public Teacher(long inputs, long classes) : base(nameof(Teacher))
    {
        hidden1 = Linear(inputs, Width);
        hidden2 = Linear(Width, Width);
        output = Linear(Width, classes);
        RegisterComponents();
    }

    /// <summary>The layer whose output the student's hidden layer is tied to.</summary>
    public Linear Hidden2 => hidden2;

    // Each layer is invoked with call(), which runs the forward hooks that activation matching listens to.
    public override Tensor forward(Tensor x) => output.call(functional.relu(hidden2.call(functional.relu(hidden1.call(x)))));
}

/// <summary>
/// The student: one hidden layer of width 16, and the projection <c>W_h</c> (TinyBERT) from its width to the
/// teacher's. The projection is a field, so it is trained with the student's parameters.
/// </summary>
public sealed class Student : Module<Tensor, Tensor>
{
    public const long Width = 16;

    private readonly Linear hidden;
    private readonly Linear output;
    private readonly Linear toTeacherWidth;

    public Student(long inputs, long classes) : base(nameof(Student))
    {
        hidden = Linear(inputs, Width);
        output = Linear(Width, classes);
        toTeacherWidth = Linear(Width, Teacher.Width);
        RegisterComponents();
    }

    /// <summary>The layer tied to the teacher's <see cref="Teacher.Hidden2"/>.</summary>
    public Linear Hidden => hidden;

    /// <summary>Maps <see cref="Hidden"/>'s output to the teacher's width; used only by the matching loss.</summary>
    public Linear ToTeacherWidth => toTeacherWidth;

    public override Tensor forward(Tensor x) => output.call(functional.relu(hidden.call(x)));
}

// 换一个: replace a captcha's challenge without reloading the form (and losing
// what was typed). Without JavaScript the button stays hidden; every rendering
// of the form, e.g. after a wrong answer, brings a new challenge anyway.
// Buttons still hidden are the ones not set up yet (the widget may be on the
// page, and load this file, more than once).
document.querySelectorAll(".captcha__renew[hidden]").forEach((button) => {
  const captcha = button.closest(".captcha");
  button.hidden = false;
  button.addEventListener("click", async () => {
    const response = await fetch(button.dataset.url, { cache: "no-store" });
    const status = captcha.querySelector(".captcha__status");
    if (!response.ok) {
      // Too many renewals (429) says why; anything else keeps the challenge.
      const refusal = await response.json().catch(() => null);
      status.textContent = refusal?.error ?? "";
      return;
    }
    const challenge = await response.json();
    captcha.querySelector("input[type=hidden]").value = challenge.token;
    captcha.querySelector(".captcha__image").src = challenge.image;
    const audio = captcha.querySelector(".captcha__audio");
    audio.src = challenge.audio;
    audio.querySelector("a").href = challenge.audio;
    const answer = captcha.querySelector(".captcha__answer");
    answer.value = "";
    answer.focus();
    status.textContent = button.dataset.renewed;
  });
});

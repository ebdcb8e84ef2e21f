import type { PartialMailStrings } from './mail-strings';

export const fr: PartialMailStrings = {
  common: {
    greeting: 'Bonjour,',
    signOff: (product) => `L’équipe ${product}`,
    expiresIn: (minutes) =>
      minutes === 1 ? 'Il expire dans 1 minute.' : `Il expire dans ${minutes} minutes.`,
  },
  'email-verification': {
    subject: (product) => `Vérifiez votre adresse e-mail pour ${product}`,
    intro: (product) => `Saisissez ce code dans ${product} pour vérifier votre adresse e-mail :`,
  },
  'password-reset': {
    subject: (product) => `Réinitialisez votre mot de passe ${product}`,
    intro: (product) => `Saisissez ce code dans ${product} pour choisir un nouveau mot de passe :`,
    ignore:
      'Si vous n’êtes pas à l’origine de cette demande, ignorez cet e-mail : votre mot de passe reste inchangé.',
  },
  'login-link': {
    subject: (product) => `Connexion à ${product}`,
    intro: (product) => `Un appareil a demandé à se connecter à votre compte ${product}.`,
    device: (description) => `Appareil : ${description}`,
    location: (place) => `Lieu : ${place}`,
    requestedAt: (when) => `Demandé le : ${when}`,
    unknown: 'inconnu',
    matchCode: 'Ne confirmez que si votre appareil affiche ce code :',
    action: 'Confirmer la connexion',
    copy: 'Si le bouton ne fonctionne pas, ouvrez cette adresse :',
    ignore:
      'Si vous n’êtes pas à l’origine de cette demande, ou si les codes diffèrent, ignorez cet e-mail : personne n’est connecté tant que vous ne confirmez pas.',
  },
  // 'password-changed' is not translated yet: it falls back to English.
};
